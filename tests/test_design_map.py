"""docs/DESIGN.md's "Where things live" map names only modules that exist (a rename must update it)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "newsreader"


def test_every_module_the_map_names_exists() -> None:
    design = (ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    rows = [line for line in design.split("## Where things live", 1)[1].splitlines() if line.startswith("|")]
    section = "\n".join(rows)
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", section))
    named |= {f"{d}/" for d in re.findall(r"`([a-z_]+(?:/[a-z_]+)*)/`", section)}
    assert len(named) > 20
    missing = sorted(n for n in named if not (SRC / n).exists())
    assert missing == []
