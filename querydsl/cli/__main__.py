"""`python -m querydsl.cli`: the command line, as `python -m querydsl` runs it."""

import sys

from querydsl.cli import main

sys.exit(main())
