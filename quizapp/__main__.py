"""`python -m quizapp` runs the command line."""

from quizapp.cli import main

raise SystemExit(main())
