"""The Dask and PySpark sessions of docs/pushdown.md give the output they show.

The docs build and ``tests/test_docs.py`` run the page's checked sessions (`` ```{code-block}
pycon ``), which need neither engine; the Dask and PySpark sessions are plain `` ```pycon ``
blocks, run here after the checked ones (they continue that session: ``fw``, ``rows`` …).
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "pushdown.md"
_CHECKED = re.compile(
    r"^(?P<fence>`{3,})\{code-block\} pycon[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)
_ENGINE = re.compile(r"^```pycon\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


def _run(bodies: list[str], namespace: dict[str, object]) -> list[str]:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures = []
    for n, body in enumerate(bodies):
        test = parser.get_doctest(body, namespace, f"pushdown[{n}]", str(PAGE), 0)
        messages: list[str] = []
        result = runner.run(test, out=messages.append, clear_globs=False)
        namespace.clear()
        namespace.update(test.globs)  # DocTest copies its globals: carry the session on
        if result.failed:
            failures.append("".join(messages))
    return failures


@pytest.mark.xdist_group("spark")
def test_the_dask_and_spark_sessions_give_their_output(spark: object) -> None:
    # The ``spark`` fixture: the page's getOrCreate() takes the tests' session.
    text = PAGE.read_text(encoding="utf-8")
    engines = [m["body"] for m in _ENGINE.finditer(text)]
    assert len(engines) == 2, "a Dask and a PySpark session"
    namespace: dict[str, object] = {"__name__": "docs.pushdown"}
    assert not _run([m["body"] for m in _CHECKED.finditer(text)], namespace)
    failures = _run(engines, namespace)
    assert not failures, "\n".join(failures)
