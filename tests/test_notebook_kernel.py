"""In a real, fresh Jupyter kernel: a chart shows with no ``%matplotlib`` and no ``plt.show()``,
and observations, entries, pending values and diffs show as HTML.

The kernel is started by jupyter_client from this interpreter (a kernel spec written to a
temporary directory, so that no kernel installed on the machine is used), with ``MPLBACKEND``
unset, as a notebook server starts one. What the notebook would show is read from the
kernel's messages: a ``display_data`` with an ``image/png`` is a chart shown below the cell.
"""

from __future__ import annotations

import json
import os
import queue
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

import resultsframe

# A guard against a kernel that never answers, not a measure of speed.
_WAIT = 300


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    specs = tmp_path_factory.mktemp("kernels")
    (specs / "rf-test").mkdir()
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "resultsframe tests",
        "language": "python",
    }
    (specs / "rf-test" / "kernel.json").write_text(json.dumps(spec))
    manager = KernelManager(
        kernel_name="rf-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(specs)])
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    # The kernel imports the resultsframe these tests import, installed or not.
    home = str(Path(resultsframe.__file__).parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (home, env.get("PYTHONPATH", "")) if p)
    manager.start_kernel(env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=_WAIT)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client: Any, code: str) -> list[dict[str, Any]]:
    """Run a cell; its outputs (display_data, execute_result, stream, error), in order."""
    msg_id = client.execute(code)
    outputs: list[dict[str, Any]] = []
    while True:
        try:
            message = client.get_iopub_msg(timeout=_WAIT)
        except queue.Empty:  # pragma: no cover - a dead kernel
            pytest.fail(f"the kernel did not finish running {code!r}")
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind == "status" and message["content"]["execution_state"] == "idle":
            return outputs
        if kind in ("display_data", "execute_result", "stream", "error"):
            outputs.append({"type": kind, **message["content"]})


def images(outputs: list[dict[str, Any]]) -> list[str]:
    return [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]


def test_a_chart_shows_in_a_fresh_kernel(kernel: Any) -> None:
    setup = run(
        kernel,
        "import resultsframe\n"
        "from resultsframe import charts\n"
        "fw = resultsframe.examples.load('cop')\n"
        "obs = resultsframe.examples.observations('cop')\n"
        "report = resultsframe.assess(fw, obs, as_of='2020-12-31')",
    )
    assert [o for o in setup if o["type"] == "error"] == []
    # No %matplotlib, no pyplot import, no plt.show(): the chart is shown below the cell.
    outputs = run(kernel, "charts.plot_progress(report);")
    assert [o for o in outputs if o["type"] == "error"] == []
    assert len(images(outputs)) == 1
    over = run(
        kernel, "ax = charts.plot_over_time(resultsframe.assess_over(fw, obs, ['2016', '2020']))"
    )
    assert len(images(over)) == 1
    # Each cell shows its own figure once: nothing is left over for the next cell.
    assert images(run(kernel, "1 + 1")) == []


def test_objects_show_as_html_in_a_fresh_kernel(kernel: Any) -> None:
    run(
        kernel,
        "import resultsframe\n"
        "fw = resultsframe.examples.load('cop')\n"
        "obs = resultsframe.examples.observations('cop')\n"
        "report = resultsframe.assess(fw, obs, as_of='2020-12-31')",
    )
    expected = {
        "obs": "199 rows",
        "report['T1.a']": "T1.a as of 2020-12-31",
        "report['impact']": "left out because",
        "fw.pending()": "13 values pending",
        "resultsframe.diff(fw, fw.without_link('T1', 'O1'))": "1 difference",
    }
    for cell, text in expected.items():
        outputs = run(kernel, cell)
        results = [o for o in outputs if o["type"] == "execute_result"]
        assert len(results) == 1, (cell, outputs)
        data = results[0]["data"]
        assert text in data["text/html"], cell
        assert data["text/plain"], cell
