"""The README's quick start runs as written."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.usefixtures("stardag_home")
def test_readme_quick_start_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"## Quick start\s+```python\n(.*?)```", README.read_text(), re.S)
    assert block is not None, "README lost its quick start"
    module = types.ModuleType("readme_quick_start")  # run it as a real module would
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(block.group(1), str(README), "exec"), module.__dict__)
    summary = module.__dict__["summary"]
    assert [t.get_name() for t in summary.skipped] == ["get_range"]
    assert summary.status == "success" and str(summary.build_id) in str(summary)
