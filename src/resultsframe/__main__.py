"""``python -m resultsframe``: the ``resultsframe`` command, for when its script is not on PATH."""

from __future__ import annotations

import sys

from resultsframe.cli import main

if __name__ == "__main__":
    sys.exit(main())
