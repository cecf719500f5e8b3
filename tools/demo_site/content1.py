"""Articles 1-6 of the demo site (original text, fictional town of Port Wenlow)."""

A = []

A.append(dict(
    slug="harbour-wall-vote",
    section="world",
    title="Port Wenlow votes to rebuild its storm-battered harbour wall",
    summary="After a year of argument the council backs a £4.2m plan to relay the 1880s granite "
    "around a new concrete core.",
    author="maren-holt",
    date="2026-02-02T07:30:00+00:00",
    tags=["harbour", "council"],
    lead=("harbour-wall", "Waves breaking over the eastern arm of the harbour wall",
          "The eastern arm of the harbour wall after the January storms.",
          "Photo: Ewan Salter/The Harbour Gazette"),
    body="""
<p>Port Wenlow's town council voted eleven to two on Monday night to rebuild the eastern arm of the harbour wall, ending a year of argument over whether the 1880s granite structure should be patched, replaced or left to the sea.</p>
<p>The decision commits the town to a £4.2 million scheme, two thirds of it paid for by a coastal resilience grant that would have lapsed at the end of March. The rest will come from harbour dues and a loan the council expects to repay over twenty years.</p>
<p>The January storms, which pushed a surge 1.4 metres above the predicted tide into the bay, tore a twelve-metre gap in the wall's outer face. Boats in the inner basin were moved to the slipway beside <a href="/articles/winter-ferry-timetable.html">the ferry pier</a>, where most of them have stayed since.</p>
<h2>What the plan includes</h2>
<ul>
<li>A new concrete core faced with the original granite blocks, numbered and relaid in their old positions</li>
<li>A wave-return parapet 0.8 metres higher than the current wall</li>
<li>Two new access ladders and low-level lighting along the walkway</li>
<li>A housing for the <a href="/articles/tide-gauge-record.html">town's tide gauge</a>, which has been bolted to the wall since 1906</li>
</ul>
<p>The engineers' assessment, <a href="https://example.com/wenlow/planning/harbour-wall-2026">published in full on the planning portal</a>, estimates that the rebuilt arm will cope with a one-in-two-hundred-year storm on today's sea level, and a one-in-fifty-year storm on the levels expected by 2080.</p>
<figure class="inline-image">
<img src="/images/granite-blocks.png" alt="Rows of numbered granite blocks on pallets" width="480" height="270">
<figcaption>Granite blocks salvaged from the breach, numbered and stacked at the boatyard. <span class="credit">Photo: Maren Holt/The Harbour Gazette</span></figcaption>
</figure>
<h2>A narrow vote on the money</h2>
<p>The vote on the scheme itself was comfortable, but the vote on the loan was closer. Several councillors asked why the town should borrow at all when the county had promised help after the storms.</p>
<blockquote>
<p>We can argue about the colour of the railings later. If we do nothing, the inner basin will be open water by the end of the decade, and nobody is going to send us a cheque for that.</p>
<footer>&mdash; <cite>Councillor Ruth Penhallow, chair of the harbour committee</cite></footer>
</blockquote>
<p>The two councillors who voted against said they supported the repair but not the higher parapet, which they fear will block the view from the Strand. The harbour master, Colin Avery, said the height had been set by the wave modelling, not by taste.</p>
<p>Work is due to start in May and to finish before the autumn gales. The walkway will be closed while the outer face is rebuilt, and fishing boats will keep the slipway moorings until at least August.</p>
""",
    comments=[
        ("Jan Treloar", "Glad they are keeping the old blocks. My grandfather helped repoint that wall in 1962."),
        ("Strand resident", "Eleven to two is hardly narrow. Get on with it before the next winter."),
    ],
))

A.append(dict(
    slug="seagrass-meadow-returns",
    section="science",
    title="Seagrass returns to Wenlow Bay two decades after it vanished",
    summary="Divers have mapped nine hectares of eelgrass off Gull Point, the first meadow in the bay "
    "since the early 2000s.",
    author="aiko-fairweather",
    date="2026-02-06T09:00:00+00:00",
    tags=["seagrass", "ecology"],
    lead=("seagrass", "Green blades of eelgrass swaying over a sandy seabed",
          "Eelgrass off Gull Point, photographed at low water in late January.",
          "Photo: Wenlow Marine Survey"),
    body="""
<p>A meadow of eelgrass covering about nine hectares has taken root off Gull Point, the first sizeable patch of seagrass recorded in Wenlow Bay since surveys in 2004 found the last of the old beds had gone.</p>
<p>Volunteer divers from the Wenlow Marine Survey first noticed scattered shoots in 2023. This winter they swam forty transects across the shallows and found the plants had joined up into a continuous meadow, dense enough in places to hide the sand beneath it.</p>
<p>Seagrass matters far beyond its size. The meadows shelter juvenile fish and the young of the crabs the bay's fishers depend on, a point that has come up repeatedly in the talks about a <a href="/articles/crab-survey-agreement.html">shared crab survey</a>. They also trap fine sediment and store carbon in the seabed.</p>
<h2>Why now?</h2>
<p>Nobody is certain why the meadow has come back. Dr Hannah Osei, a marine ecologist at the Carrow Institute who advises the survey, says the most likely explanation is cleaner water. The sewage outfall at Gull Point was moved two kilometres offshore in 2017, and turbidity readings in the shallows have fallen by a third since.</p>
<aside class="pullquote">
<p>“It is the first time in my working life I have seen a meadow come back on its own. We did not plant a single shoot.”</p>
<cite>Dr Hannah Osei, Carrow Institute</cite>
</aside>
<p>A second factor may be the voluntary no-anchoring zone that moorings officers introduced in 2021. Anchors and their chains scour the bed as boats swing with the tide, and the new meadow sits almost exactly inside the marked area.</p>
<figure class="inline-image">
<img src="/images/survey-divers.png" alt="Two divers holding a measuring tape over seagrass" width="480" height="270">
<figcaption>Survey divers measure shoot density along a transect line. <span class="credit">Photo: Wenlow Marine Survey</span></figcaption>
</figure>
<h2>Fragile gains</h2>
<p>The scientists are cautious. Eelgrass is vulnerable to heatwaves and to wasting disease, and a single hot summer could set the meadow back years. The survey plans to repeat the transects every spring and has published its <a href="https://example.com/wenlow-marine-survey/eelgrass-2026">maps and raw counts</a> for anyone who wants to check them.</p>
<p>Meanwhile, the harbour authority says it will extend the buoyed no-anchoring zone by a hundred metres to the north before the summer season, when visiting yachts double the number of boats in the bay.</p>
""",
    comments=[
        ("Kit Morwenna", "I swim off Gull Point every morning and had no idea. Will look down more often."),
        ("Sailing club secretary", "Happy to share the new zone map with our members. Please put it on the noticeboard too."),
    ],
))

A.append(dict(
    slug="markup-in-headlines",
    section="tech",
    title='Why "[bold]" and [/] tags confuse parsers',
    summary="Square brackets in a headline look harmless until a program treats them as "
    "formatting instructions. Our developer explains what went wrong on the quiz page.",
    author="priya-lindqvist",
    date="2026-02-10T12:15:00+00:00",
    tags=["software", "the-gazette"],
    lead=("brackets", "Abstract pattern of square brackets on a dark screen",
          "Text that looks like formatting can be read as formatting by the wrong program.",
          "Illustration: The Harbour Gazette"),
    body="""
<p>Last Tuesday, readers of the Gazette's weekly quiz on their phones saw a headline that simply stopped halfway. The question had been about a pub sign. The answer, it turned out, was in square brackets, and the software that formats our text alerts had decided the brackets were instructions rather than words.</p>
<p>The culprit was a style of lightweight markup used by many terminal programs, in which a word in square brackets switches formatting on and a slash in square brackets switches it off again. To such a program, a headline containing <code>[bold]</code> is not a headline about bold text. It is a command to make everything that follows bold, and <code>[/]</code> is a command to stop.</p>
<h2>Text is not instructions</h2>
<p>The general rule is an old one: text that comes from outside a program should never be interpreted as part of the program's own language. Web developers learned it with HTML, where a comment containing a script tag could take over a page. Database developers learned it with SQL. Anything that mixes data and formatting in one string has the same weakness.</p>
<p>Here is the difference between the broken version and the fixed one, in the Python our alerts service uses:</p>
<pre><code>headline = 'Why "[bold]" and [/] tags confuse parsers'

# Broken: the headline is parsed as markup
console.print(f"[b]{headline}[/b]")

# Fixed: the headline stays plain text, style is applied separately
text = Text(headline)
text.stylize("bold")
console.print(text)</code></pre>
<p>The fixed version builds the styled text from pieces and never asks the formatter to read the headline at all. Escaping the brackets also works, but it is easy to forget one place, and one place is all it takes.</p>
<figure class="inline-image">
<img src="/images/terminal.png" alt="A terminal window showing a half-formatted headline" width="480" height="270">
<figcaption>The truncated quiz headline as it appeared in a text alert. <span class="credit">Screenshot: The Harbour Gazette</span></figcaption>
</figure>
<h2>Testing with awkward headlines</h2>
<p>We now keep a list of deliberately awkward headlines in our test suite: square brackets, angle brackets, ampersands, emoji, a headline that is only a question mark. Every piece of software that touches our text has to display all of them exactly as written.</p>
<blockquote>
<p>The bugs you find with strange input are the bugs your readers would otherwise find for you, usually on a Sunday.</p>
<footer>&mdash; <cite>Sam Okafor, who maintains the Gazette's alerts service</cite></footer>
</blockquote>
<p>If you build tools that display other people's words, the <a href="https://example.com/guides/untrusted-text">guide to handling untrusted text</a> we followed is a good place to start. And if you prefer reading the news in a terminal, our volunteers' <a href="/articles/harbour-mesh-network.html">harbour mesh network</a> runs on the same principle: show the data, never execute it.</p>
""",
    comments=[
        ("quizfan", "So the answer was in brackets all along. I spent an hour on that question."),
        ("Devon P.", "Had exactly this bug with a product name that started with a bracket. Good write-up."),
    ],
))

A.append(dict(
    slug="winter-ferry-timetable",
    section="world",
    title="Skerrin ferry restores its winter timetable after a year of cancellations",
    summary="Four daily crossings return from March, with a later evening boat on Fridays and a "
    "repaired second vessel on standby.",
    author="ewan-salter",
    date="2026-02-13T08:00:00+00:00",
    tags=["ferry", "skerrin"],
    lead=("ferry", "A small red-hulled ferry approaching a stone pier",
          "The Skerrin Maid arriving at Port Wenlow on a calm February morning.",
          "Photo: Ewan Salter/The Harbour Gazette"),
    body="""
<p>The ferry between Port Wenlow and Skerrin Island will return to four crossings a day from the first of March, the operator announced on Thursday, after a year in which breakdowns and crew shortages cut the service to two sailings on most days.</p>
<p>For the island's 340 residents the reduced timetable meant leaving home before dawn for a hospital appointment and waiting until the afternoon for the only boat back. Several told the Gazette they had given up evening classes and shifts on the mainland altogether.</p>
<h2>The new timetable</h2>
<table class="timetable">
<caption>Winter sailings from 1 March 2026</caption>
<thead><tr><th>Departs Port Wenlow</th><th>Departs Skerrin</th><th>Days</th></tr></thead>
<tbody>
<tr><td>07:15</td><td>08:00</td><td>Daily</td></tr>
<tr><td>10:30</td><td>11:15</td><td>Daily</td></tr>
<tr><td>14:00</td><td>14:45</td><td>Daily</td></tr>
<tr><td>17:30</td><td>18:15</td><td>Monday to Thursday</td></tr>
<tr><td>19:45</td><td>20:30</td><td>Friday only</td></tr>
</tbody>
</table>
<p>The later Friday boat was the most requested change in a <a href="https://example.com/skerrin-community/ferry-survey">survey run by the island's community council</a>, which collected 212 responses. Sailings remain subject to weather, and the operator says it will post cancellations by 6am on its website and on the harbour noticeboard.</p>
<figure class="inline-image">
<img src="/images/engine-room.png" alt="A mechanic working on a large marine diesel engine" width="480" height="270">
<figcaption>Engineers refitted the second vessel, the Curlew, with a rebuilt engine over the winter. <span class="credit">Photo: Skerrin Ferries</span></figcaption>
</figure>
<h2>A second boat, at last</h2>
<p>The change has been made possible by the return of the Curlew, the older of the two ferries, which spent eleven months out of the water waiting for parts. With both vessels working, one can cover for the other during maintenance rather than the service stopping entirely.</p>
<p>The operator has also recruited two deckhands from the island itself, which it says should make early sailings less dependent on crew travelling over from the mainland the night before.</p>
<p>Islanders are pleased but wary. The community council chair, Morag Finlay, said the timetable would be judged by whether the boats ran, not by what it said on paper. The ferry will also need the slipway moorings at Port Wenlow for part of the summer, while <a href="/articles/harbour-wall-vote.html">work on the harbour wall</a> is under way.</p>
""",
    comments=[
        ("Islander of 30 years", "The Friday evening boat will change my week. Thank you to everyone who filled in the survey."),
        ("Morwenna K", "Let's see how it holds up in the March gales."),
    ],
))

A.append(dict(
    slug="storm-petrel-count",
    section="science",
    title="Storm petrel count on Skerrin is the highest in a decade",
    summary="Night-time surveys recorded 1,180 occupied burrows, helped by the removal of rats "
    "from the island's western cliffs.",
    author="tomas-reyes",
    date="2026-02-17T10:00:00+00:00",
    tags=["seabirds", "skerrin"],
    lead=("petrel", "A small dark seabird flying low over the waves at dusk",
          "A storm petrel returning to its burrow on Skerrin at dusk.",
          "Photo: Skerrin Bird Observatory"),
    body="""
<p>Storm petrels, the smallest seabirds that breed on Skerrin Island, have had their best season in at least a decade, according to the final count from the island's bird observatory published this week.</p>
<p>Volunteers recorded 1,180 occupied burrows along the western cliffs and the old field walls above them, compared with 640 in 2016. The birds are almost impossible to count by day, since they spend the daylight hours at sea or deep in their burrows, so the survey is done at night by playing a recorded call into each crevice and listening for a reply.</p>
<h2>How the count works</h2>
<ol>
<li>Surveyors walk fixed routes after dark between June and August.</li>
<li>At each possible burrow they play a ten-second recording of a male's purring call.</li>
<li>A reply from inside marks the burrow as occupied; silence is checked again a week later.</li>
<li>The total is corrected for the share of birds known not to answer on a given night.</li>
</ol>
<p>The method is standard across the region, which means the Skerrin figures can be compared with those from <a href="https://example.com/seabird-monitoring/storm-petrel-method">other colonies using the same protocol</a>.</p>
<figure class="inline-image">
<img src="/images/night-survey.png" alt="A volunteer with a head torch crouching beside a stone wall at night" width="480" height="270">
<figcaption>A volunteer listens for replies at a burrow in a field wall. <span class="credit">Photo: Skerrin Bird Observatory</span></figcaption>
</figure>
<h2>Rats gone, birds back</h2>
<p>Brown rats, which eat petrel eggs and chicks, were removed from the western half of the island in a two-year project that finished in 2022. Monitoring stations have found no sign of them since, and the observatory says the recovery of the colony follows the timetable seen on other islands after rats were cleared.</p>
<blockquote>
<p>Every boat that lands here is a chance for a rat to come ashore. The birds are only safe for as long as everybody keeps checking.</p>
<footer>&mdash; <cite>Fenella Ruark, warden of the Skerrin Bird Observatory</cite></footer>
</blockquote>
<p>Since the ferry returns to <a href="/articles/winter-ferry-timetable.html">a fuller timetable</a> in March, the observatory is asking the operator to keep its rat traps on the pier baited all year. It will also run guided night walks for visitors in July, limited to twelve people a night so as not to disturb the birds.</p>
""",
    comments=[
        ("Birdwatcher from Carrow", "Did the night walk two years ago. The sound from the walls is unforgettable."),
        ("F. Ruark", "Thank you all. Booking for July opens in April."),
    ],
))

A.append(dict(
    slug="harbour-mesh-network",
    section="tech",
    title="Volunteers wire the harbour with a mesh network that survives power cuts",
    summary="Twenty solar-powered radio nodes on rooftops and masts carry weather, tide and "
    "emergency messages when the mobile network goes down.",
    author="priya-lindqvist",
    date="2026-02-20T11:30:00+00:00",
    tags=["software", "radio"],
    lead=("antenna", "A small white antenna mounted on a harbourside chimney",
          "One of twenty mesh nodes, fixed to a chimney above the fish market.",
          "Photo: Priya Lindqvist/The Harbour Gazette"),
    body="""
<p>When the January storms knocked out mains power along the Strand for thirty hours, the mobile mast above the town went quiet too. What kept working was a network that most residents had never heard of: twenty small radio boxes on rooftops, masts and one church tower, passing text messages from one to the next.</p>
<p>The Wenlow Harbour Mesh was built over two years by a group of volunteers who met at the library's repair café. Each node is a weatherproof box the size of a paperback with a low-power radio, a small solar panel and a battery that lasts about four days without sun.</p>
<h2>Slow, but always on</h2>
<p>The mesh is slow by modern standards: a message of a few hundred characters takes several seconds to cross town. That is enough for what it is meant to do, which is to carry short updates from the harbour master, the lifeboat station and the <a href="/articles/tide-gauge-record.html">tide gauge</a> to anyone with a cheap receiver.</p>
<aside class="pullquote">
<p>“It does one thing, slowly, whatever the weather. That is exactly what you want in a storm.”</p>
<cite>Idris Nancarrow, mesh volunteer</cite>
</aside>
<p>Each node keeps a short list of recent messages and forwards anything it has not seen before. A typical status message from the harbour looks like this:</p>
<pre><code>FROM  harbour-master
TIME  2026-01-18T04:12Z
TIDE  5.9m HW 04:40 (surge +1.2m)
WIND  SW 9, gusting 11
NOTE  Strand closed east of lifeboat station. Walkway shut.</code></pre>
<p>The format is deliberately plain so that it can be read on a two-line display or printed on paper. The volunteers have published <a href="https://example.com/wenlow-mesh/message-format">the full message format</a> and the code for the nodes under an open licence.</p>
<figure class="inline-image">
<img src="/images/node-build.png" alt="Circuit boards and a solar panel laid out on a workbench" width="480" height="270">
<figcaption>Parts for a mesh node laid out at a repair café session in the library. <span class="credit">Photo: Wenlow Harbour Mesh</span></figcaption>
</figure>
<h2>What comes next</h2>
<p>The group wants to add nodes on Skerrin Island, so that messages can cross the sound during ferry cancellations. The council has offered space on the <a href="/articles/harbour-wall-vote.html">rebuilt harbour wall</a> for a node with a clear view across the water.</p>
<p>The volunteers meet on the first Saturday of each month at the library, where, as it happens, another piece of long-lived technology is <a href="/articles/library-laptop-catalogue.html">still running the catalogue</a>.</p>
""",
    comments=[
        ("Lifeboat crew member", "It worked for us in January when nothing else did. Thanks to the volunteers."),
        ("ham_radio_hal", "Lovely project. Would be happy to help with the Skerrin link."),
    ],
))
