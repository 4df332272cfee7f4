"""The Python sessions shown in the documentation give the output they show.

The docs build checks them too (docs/_ext), but the docs extra is not needed to run the tests,
so the same sessions run here as doctests, one namespace per page.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = [
    "quickstart",
    "concepts",
    "progress",
    "observations",
    "tutorial",
    "display",
    "tables-and-charts",
    "reports",
    "variants",
    "real-frameworks",
    "pushdown",
    "partners",
    "portfolio",
    "progress-format",
]
_BLOCK = re.compile(
    r"^(?P<fence>`{3,})\{code-block\} pycon[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)


def test_every_checked_page_is_checked_by_the_docs_build() -> None:
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    for page in PAGES:
        assert f'"{page}"' in conf


@pytest.mark.parametrize("page", PAGES)
def test_sessions_on_the_page_give_their_output(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths on the pages (tests/data/…) are written from the root of a checkout, where the
    # docs are built.
    monkeypatch.chdir(DOCS.parent)
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    blocks = [m["body"] for m in _BLOCK.finditer(text)]
    assert blocks, f"{page}.md shows no Python session"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace: dict[str, object] = {"__name__": f"docs.{page}"}
    failures = []
    for n, body in enumerate(blocks):
        test = parser.get_doctest(body, namespace, f"{page}[{n}]", f"{page}.md", 0)
        messages: list[str] = []
        result = runner.run(test, out=messages.append, clear_globs=False)
        namespace = test.globs  # DocTest copies its globals: carry the session on
        if result.failed:
            failures.append("".join(messages))
    assert not failures, "\n".join(failures)
