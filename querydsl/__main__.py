"""`python -m querydsl`: the command line."""

import sys

from querydsl.cli import main

sys.exit(main())
