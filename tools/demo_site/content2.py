"""Articles 7-12 of the demo site."""

A = []

A.append(dict(
    slug="lighthouse-logbooks-online",
    section="world",
    title="A century of lighthouse logbooks goes online, fog bells and all",
    summary="The maritime museum has scanned 96 logbooks kept at Gull Point light between 1871 "
    "and 1967, and volunteers are transcribing them.",
    author="maren-holt",
    date="2026-02-24T09:30:00+00:00",
    tags=["history", "museum"],
    lead=("lighthouse", "A white lighthouse on a rocky point under a pale sky",
          "Gull Point lighthouse, automated in 1967, where the logbooks were kept.",
          "Photo: Wenlow Maritime Museum"),
    body="""
<p>Every day for nearly a century, the keepers of Gull Point lighthouse wrote down the weather, the ships that passed and the hours they spent winding the clockwork that turned the lamp. Those logbooks, 96 volumes in all, are now online for anyone to read.</p>
<p>The Wenlow Maritime Museum spent two years scanning the books, which had been stored in a damp cupboard at the lighthouse until it was automated in 1967. Some pages had to be separated with a scalpel. The museum now has a high-resolution image of every one of the 31,000 pages.</p>
<h2>A record of fog and weather</h2>
<p>The logbooks are more than a curiosity. Because the keepers had to record fog, wind and visibility at fixed hours, the books form one of the longest unbroken weather records on this stretch of coast. Climate researchers have already asked to compare them with the <a href="/articles/tide-gauge-record.html">tide gauge readings</a> from the harbour.</p>
<p>The museum announced the launch on social media with one of its favourite entries:</p>
<blockquote class="twitter-tweet" data-lang="en">
<p lang="en" dir="ltr">Gull Point log, 14 November 1931: &quot;Fog all day. Sounded the bell 4,000 times by my count. Cat unimpressed.&quot; All 96 logbooks are now online and we need your help to transcribe them.</p>
&mdash; Wenlow Maritime Museum (@WenlowMuseum) <a href="https://social.example/WenlowMuseum/status/1894412233445566778">February 23, 2026</a>
</blockquote>
<script async src="https://social.example/widgets.js" charset="utf-8"></script>
<p>The post has been shared thousands of times, and the cat, which appears in the logs of three different keepers, has acquired a following of its own.</p>
<figure class="inline-image">
<img src="/images/logbook.png" alt="An open handwritten logbook with columns of weather observations" width="480" height="270">
<figcaption>A page from the 1931 logbook, with hourly visibility readings in the left-hand column. <span class="credit">Photo: Wenlow Maritime Museum</span></figcaption>
</figure>
<h2>Help wanted</h2>
<p>Images are only a start. To make the records searchable, every entry has to be typed out by hand, because the keepers' handwriting defeats the text recognition software the museum tried. Volunteers can sign up on the <a href="https://example.com/wenlow-maritime-museum/transcribe">museum's transcription site</a> and are given one page at a time.</p>
<p>So far 420 people have transcribed about 2,800 pages. The curator, Agnes Polglase, says the most common question from volunteers is what happened to the cat. The answer, recorded in a keeper's neat hand in 1938, is that it retired to the village.</p>
""",
    comments=[
        ("Transcriber no. 212", "I have done forty pages now. The 1940s books are hard going but fascinating."),
        ("Gull Point neighbour", "My great-uncle kept the light in the 1950s. I found his handwriting on page three of volume 88."),
    ],
))

A.append(dict(
    slug="tide-gauge-record",
    section="science",
    title="A 120-year tide gauge record shows the bay rising faster",
    summary="Readings from the gauge on the harbour wall show sea level in Wenlow Bay rising at "
    "almost twice the rate of the early twentieth century.",
    author="tomas-reyes",
    date="2026-02-27T08:45:00+00:00",
    tags=["climate", "harbour"],
    lead=("tide-gauge", "A weathered tide gauge board with painted depth marks on a stone wall",
          "The tide board on the harbour wall, beside the stilling well of the gauge.",
          "Photo: Tomas Reyes/The Harbour Gazette"),
    body="""
<p>The tide gauge bolted to Port Wenlow's harbour wall has been recording the height of the sea since 1906. A new analysis of its 120 years of readings, published by the Carrow Institute this week, shows that the water in the bay is rising nearly twice as fast as it was a century ago.</p>
<p>Between 1906 and 1950 the average sea level at the gauge rose by about 1.6 millimetres a year. Since 1993 the rate has been 3.1 millimetres a year. The total rise since the gauge was installed is about 26 centimetres, enough to turn a storm that once lapped the Strand into one that floods it.</p>
<h2>The numbers</h2>
<table>
<caption>Average rate of sea level rise at the Port Wenlow gauge</caption>
<thead><tr><th>Period</th><th>Rate (mm per year)</th><th>Readings used</th></tr></thead>
<tbody>
<tr><td>1906&ndash;1950</td><td>1.6</td><td>Paper charts</td></tr>
<tr><td>1951&ndash;1992</td><td>2.0</td><td>Paper charts, digitised 2019</td></tr>
<tr><td>1993&ndash;2025</td><td>3.1</td><td>Electronic gauge</td></tr>
</tbody>
</table>
<p>The early records were kept on paper charts, drawn by a pen attached to a float in a well inside the wall. A team of students spent a summer digitising them, and the institute has made the <a href="https://example.com/carrow-institute/wenlow-tide-gauge">full hourly series</a> available for download.</p>
<figure class="inline-image">
<img src="/images/tide-chart.png" alt="A curling paper chart with a wavy ink trace of the tides" width="480" height="270">
<figcaption>A tide chart from March 1912, one of about 4,400 digitised from the gauge's paper records. <span class="credit">Photo: Carrow Institute</span></figcaption>
</figure>
<h2>What it means for the town</h2>
<p>The land around Wenlow Bay is also sinking very slightly, by about half a millimetre a year, which accounts for a small part of the rise. The rest matches what is being seen at gauges around the region.</p>
<p>The findings fed directly into the design of the <a href="/articles/harbour-wall-vote.html">rebuilt harbour wall</a>, whose higher parapet was the most contested part of the plan. The gauge itself will be moved into a new housing in the wall when the work is done, with a week of overlapping readings to make sure the record is not broken.</p>
<p>Dr Lowenna Price, who led the analysis, said the most valuable thing about the record was its length. Short records can be swamped by a few stormy years, she said, but 120 years of measurements leave very little room for doubt.</p>
""",
    comments=[
        ("Retired harbour engineer", "I changed the chart paper on that gauge every Monday for six years. Nice to see it put to use."),
        ("Strand shopkeeper", "Twenty-six centimetres explains a lot about my cellar."),
    ],
))

A.append(dict(
    slug="library-laptop-catalogue",
    section="tech",
    title="The town library's catalogue has run on one laptop since 2011",
    summary="A retired teacher's home-made catalogue system has outlived two commercial "
    "replacements. Now it is being moved to a new machine.",
    author="priya-lindqvist",
    date="2026-03-03T10:00:00+00:00",
    tags=["software", "library"],
    lead=("laptop", "An old grey laptop on a library desk beside a stack of books",
          "The laptop behind the issue desk at Port Wenlow library.",
          "Photo: Priya Lindqvist/The Harbour Gazette"),
    body="""
<p>Behind the issue desk at Port Wenlow library, beside the date stamp and a jar of pencils, sits a grey laptop with a cracked corner and a sticker that reads "Do not switch off". It has been running the library's catalogue, around the clock, since September 2011.</p>
<p>The software on it was written by Gwen Tremayne, a retired maths teacher, when the county withdrew support for the library's previous system. She expected it to last a year or two. It has outlived two attempts to replace it with commercial software, both abandoned when the library's budget was cut.</p>
<h2>Small, simple, sturdy</h2>
<p>Mrs Tremayne puts the system's survival down to a few choices she made at the start:</p>
<ul>
<li>Everything is stored in one file that is copied to a memory stick every night.</li>
<li>The catalogue can be printed as a list, so the library can keep lending if the laptop fails.</li>
<li>There are no passwords to forget; the laptop never leaves the building and is not connected to the internet.</li>
<li>Every screen works with the keyboard alone, because the touchpad broke in 2014.</li>
</ul>
<blockquote>
<p>People assume old software is fragile. Mostly it is the new software that breaks, because someone somewhere changed something. Nobody has changed anything on this laptop for fifteen years.</p>
<footer>&mdash; <cite>Gwen Tremayne, who wrote the catalogue</cite></footer>
</blockquote>
<figure class="inline-image">
<img src="/images/catalogue-screen.png" alt="A close-up of a simple text screen listing book titles" width="480" height="270">
<figcaption>The catalogue's search screen, unchanged since 2011. <span class="credit">Photo: Priya Lindqvist/The Harbour Gazette</span></figcaption>
</figure>
<h2>Moving house</h2>
<p>The laptop's battery no longer holds a charge, and the library has finally bought a replacement machine. The move is being done by volunteers from the repair café, the same group that built the <a href="/articles/harbour-mesh-network.html">harbour mesh network</a>, with Mrs Tremayne supervising.</p>
<p>The new machine will run the same program. The only change the volunteers have made is to add a page that lets readers search the catalogue from home, which will be published on the <a href="https://example.com/wenlow-library/catalogue">library's website</a> in April. The old laptop is going to the maritime museum, whose curator says it is already part of the town's history.</p>
""",
    comments=[
        ("Former pupil of Mrs T", "She taught us simultaneous equations with the same patience. Not surprised it still works."),
        ("Library volunteer", "The printed catalogue saved us during the power cut in January."),
    ],
))

A.append(dict(
    slug="crab-survey-agreement",
    section="world",
    title="Fishers and scientists agree to count the bay's crabs together",
    summary="A three-year survey will put observers on working boats and share the data openly, "
    "after years of disputed stock estimates.",
    author="ewan-salter",
    date="2026-03-06T07:45:00+00:00",
    tags=["fishing", "harbour"],
    lead=("crab-pots", "Stacked crab pots and coiled rope on a harbour quay",
          "Crab pots stacked on the fish quay at Port Wenlow.",
          "Photo: Ewan Salter/The Harbour Gazette"),
    body="""
<p>For years the fishers of Port Wenlow and the scientists who advise on their catch limits have disagreed about one basic question: how many crabs are there in the bay? On Wednesday, they agreed to find out together.</p>
<p>Under a three-year agreement signed at the fish market, trained observers will go out on working boats to measure and record every crab landed from a sample of pots. Fishers will log the position and soak time of their gear on a shared app, and the results will be published every quarter.</p>
<h2>A history of mistrust</h2>
<p>The old stock estimates were based on a handful of research trips a year, which fishers said missed the places and seasons where crabs are most plentiful. The scientists, in turn, said they could not get reliable data from the fleet.</p>
<aside class="pullquote">
<p>“We have spent ten years arguing about numbers that neither side trusted. Now they will be our numbers.”</p>
<cite>Jory Pascoe, chair of the Wenlow Fishermen's Association</cite>
</aside>
<p>The agreement was brokered by the harbour authority, which chaired a series of meetings through the winter. Early drafts stalled over who would own the data. The final version makes it public, with the positions of individual boats blurred to protect their fishing grounds.</p>
<figure class="inline-image">
<img src="/images/crab-measure.png" alt="A gloved hand holding a brown crab against a measuring gauge" width="480" height="270">
<figcaption>An observer measures the shell width of a brown crab during a trial trip. <span class="credit">Photo: Carrow Institute</span></figcaption>
</figure>
<h2>Seagrass and nursery grounds</h2>
<p>The survey will also look at where young crabs settle. Scientists suspect that the new <a href="/articles/seagrass-meadow-returns.html">seagrass meadow off Gull Point</a> is becoming an important nursery, and have asked fishers not to set pots inside it while the question is studied.</p>
<blockquote>
<p>If the meadow turns out to be a nursery, protecting it is the best investment this fleet could make. The crabs that grow up there are the ones we will be catching in five years.</p>
<footer>&mdash; <cite>Dr Hannah Osei, Carrow Institute</cite></footer>
</blockquote>
<p>The first quarterly report is due in July. Details of the method are in the <a href="https://example.com/carrow-institute/crab-survey-protocol">survey protocol</a>, which was written jointly by the institute and the fishermen's association.</p>
""",
    comments=[
        ("Skipper, Bright Morning", "Took an observer out on the trial. Knew her stuff. Fair play."),
        ("Fish market regular", "About time. Hope it keeps the crab on my plate."),
    ],
))

A.append(dict(
    slug="plankton-bloom-glow",
    section="science",
    title="Why the shoreline glowed blue last weekend",
    summary="A bloom of bioluminescent plankton lit up the surf along Wenlow Sands. Scientists "
    "explain what causes it and how long it may last.",
    author="aiko-fairweather",
    date="2026-03-10T18:00:00+00:00",
    tags=["ecology", "plankton"],
    lead=("plankton", "Blue light glowing in breaking waves on a dark beach",
          "Breaking waves glow blue along Wenlow Sands on Saturday night.",
          "Photo: Ross Tregear"),
    body="""
<p>Hundreds of people went down to Wenlow Sands on Saturday night after photographs of glowing blue waves began circulating in the afternoon. They were not disappointed: for about two hours after dark, every breaking wave flashed electric blue, and footprints in the wet sand sparkled.</p>
<p>The light comes from tiny single-celled organisms called dinoflagellates, which produce a flash when they are disturbed. On most nights there are too few of them to notice. After a spell of calm, sunny weather and warm surface water, they can multiply into a bloom dense enough to light up the surf.</p>
<h2>What makes them glow</h2>
<p>Each cell contains a chemical that gives off light when it reacts with oxygen, triggered by the movement of the water around it. Scientists think the flash may startle the small animals that graze on plankton, or attract larger predators that eat the grazers.</p>
<blockquote>
<p>It is a burglar alarm. The cell is saying: something is eating me, come and eat it.</p>
<footer>&mdash; <cite>Dr Lowenna Price, Carrow Institute</cite></footer>
</blockquote>
<figure class="inline-image">
<img src="/images/microscope.png" alt="Round translucent cells seen through a microscope" width="480" height="270">
<figcaption>Dinoflagellates from a water sample taken at Wenlow Sands, magnified 200 times. <span class="credit">Photo: Carrow Institute</span></figcaption>
</figure>
<h2>Enjoying it safely</h2>
<p>The species in this bloom is not known to be harmful, but the institute's advice to visitors is simple:</p>
<ul>
<li>Go on a dark night, away from the lights of the Strand.</li>
<li>Let your eyes adjust for fifteen minutes before you expect to see much.</li>
<li>Stay out of the water after dark and keep to the lower beach as the tide comes in.</li>
<li>Take your rubbish home; the car park bins overflowed on Saturday.</li>
</ul>
<p>Blooms like this usually last a few days to two weeks and end when the weather changes. The institute is taking daily water samples and will post updates on its <a href="https://example.com/carrow-institute/bloom-watch">bloom watch page</a>. Similar blooms have been recorded in the bay before; the keepers of Gull Point noted "the sea on fire" in their <a href="/articles/lighthouse-logbooks-online.html">logbooks</a> at least nine times.</p>
""",
    comments=[
        ("Ross Tregear", "Thanks for using my photo. Saturday was the best night, it was fainter on Sunday."),
        ("Night swimmer", "Point taken about staying out of the water. It was very tempting."),
    ],
))

A.append(dict(
    slug="offline-charts-for-skippers",
    section="tech",
    title="Skippers swap paper charts for offline apps, with caveats",
    summary="Most boats in the Wenlow fleet now navigate with tablets that work without a "
    "signal. The harbour master wants them to keep paper on board anyway.",
    author="ewan-salter",
    date="2026-03-16T08:30:00+00:00",
    tags=["software", "fishing"],
    lead=("tablet-chart", "A tablet showing a nautical chart mounted beside a boat's wheel",
          "A chart app on a waterproof tablet in the wheelhouse of a Wenlow crabber.",
          "Photo: Ewan Salter/The Harbour Gazette"),
    body="""
<p>Five years ago almost every boat in the Port Wenlow fleet carried a folder of paper charts. Today most skippers navigate with a tablet in a waterproof case, running apps that store entire coastlines on the device and work without any mobile signal.</p>
<p>The appeal is obvious. A tablet shows the boat's position from its own satellite receiver, zooms from the whole coast to a single rock, and can be updated in minutes when the official charts change. A full set of paper charts for the region costs several hundred pounds and is out of date as soon as a buoy moves.</p>
<h2>Offline first</h2>
<p>Mobile coverage ends about three miles out, and it is patchy even in the bay. The apps that fishers trust are built to assume there is no connection at all: they download everything while the boat is in harbour and then never need the network again. A typical update, run on the quay with the harbour wifi, looks like this:</p>
<pre><code>$ chartsync update --region wenlow-bay
checking 14 chart cells ... 3 changed
downloading WB-0412 (buoy moved, 2026-03-02)   212 KB
downloading WB-0415 (new wreck marked)          188 KB
downloading WB-0420 (depth survey)              1.4 MB
all cells current; next check due 2026-03-23</code></pre>
<p>Tides and weather forecasts are cached the same way, and several skippers also pick up the short text bulletins broadcast on the volunteers' <a href="/articles/harbour-mesh-network.html">harbour mesh network</a> when they are close to shore.</p>
<figure class="inline-image">
<img src="/images/paper-charts.png" alt="A rolled paper chart and brass dividers on a chart table" width="480" height="270">
<figcaption>Paper charts and dividers are still required on board by the harbour authority. <span class="credit">Photo: Ewan Salter/The Harbour Gazette</span></figcaption>
</figure>
<h2>Keep the paper</h2>
<p>The harbour master, Colin Avery, has no quarrel with the apps, but he wants every boat to keep paper charts for its usual grounds. Tablets overheat in summer, batteries flatten and screens are unreadable in bright sun, he says.</p>
<table>
<caption>What the Wenlow fleet uses to navigate (harbour authority survey, 2026)</caption>
<thead><tr><th>Main method</th><th>Boats</th><th>Also carry paper</th></tr></thead>
<tbody>
<tr><td>Tablet app</td><td>23</td><td>17</td></tr>
<tr><td>Fixed chart plotter</td><td>9</td><td>9</td></tr>
<tr><td>Paper only</td><td>3</td><td>3</td></tr>
</tbody>
</table>
<p>The authority has published a <a href="https://example.com/wenlow-harbour/navigation-guidance">short guidance note</a> on backups. In the meantime, the chandlery on the Strand reports that sales of paper charts, after falling for a decade, rose last year for the first time, mostly to skippers replacing charts so old they showed the harbour wall before the <a href="/articles/harbour-wall-vote.html">storm damage</a>.</p>
""",
    comments=[
        ("Crabber skipper", "My tablet died off Gull Point in August. The paper chart got me home."),
        ("App developer", "Good to see offline-first taken seriously. It is the only sane design at sea."),
    ],
))
