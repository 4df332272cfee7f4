"""The Reports page's samples and screenshot, made by the command the page shows.

On ``builder-inited`` this runs ``resultsframe report`` (in this process, through
:func:`resultsframe.cli.main`) for the COP framework at the end of 2016, 2018 and 2020, into
``_generated/reports/``: the page (``cop-report.html``) and the workbook
(``cop-progress.xlsx``), which the Reports page offers for download, and a screenshot of the
top of the page (``cop-report.png``) taken by headless chromium (``headless_chromium``, shared
with the browser test group). Without chromium, or when the command fails, the build warns,
which fails it under ``-W``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from headless_chromium import BrowserError, find, run
from resultsframe.cli import main

__all__ = ["AS_OF", "FOLDER", "setup"]

logger = logging.getLogger(__name__)

#: Where the samples go, relative to the documentation's source folder.
FOLDER = "_generated/reports"
#: The dates of the samples, as the page's command gives them.
AS_OF = "2016-12-31,2018-12-31,2020-12-31"
WIDTH, HEIGHT = 1024, 1400


def generate(app: Sphinx) -> None:
    """``builder-inited``: the two samples and the screenshot."""
    folder = Path(app.srcdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "cop-report.html"
    shot = folder / "cop-report.png"
    shot.unlink(missing_ok=True)  # an old screenshot must not stand in for this build's
    for name in (page.name, "cop-progress.xlsx"):
        code = main(["report", "cop", "--as-of", AS_OF, "-o", str(folder / name)])
        if code != 0:
            logger.warning("resultsframe report … -o %s exited with %s", name, code)
            return
    browser = find()
    if browser is None:
        logger.warning(
            "the reports page's screenshot needs chromium, and none was found: install Debian's "
            "(apt-get install chromium) or set RESULTSFRAME_CHROMIUM to a Chromium or Chrome"
        )
        return
    try:
        with tempfile.TemporaryDirectory(prefix="resultsframe-docs-") as tmp:
            run(
                browser,
                Path(tmp) / "profile",
                f"--screenshot={shot}",
                f"--window-size={WIDTH},{HEIGHT}",
                page.as_uri(),
            )
    except (BrowserError, OSError, subprocess.SubprocessError) as exc:
        logger.warning("the reports page's screenshot failed: %s", exc)


def setup(app: Sphinx) -> None:
    """Register the samples step with Sphinx."""
    app.connect("builder-inited", generate)
