"""axe-core in a real browser page: the accessibility violations it finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Any) -> list[str]:
    """Inject axe-core (pinned in tests/browser) into ``page``, run it, and list what it
    finds; fails when axe ran no check at all."""
    if not AXE.is_file():
        pytest.fail("axe-core not found: run 'npm ci --prefix tests/browser' (.ci/run does)", pytrace=False)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert result["passes"], "axe ran no checks"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
