"""`python -m newsreader` is the same as the `newsreader` command."""

from newsreader.cli import main

raise SystemExit(main())
