"""axe-core in a page under test: its serious and critical accessibility violations.

axe-core comes from npm (installed by ``make``, never fetched at run time). It is injected
as an inline script, so the page's context must bypass the page's Content-Security-Policy
(``browser.new_context(bypass_csp=True)``).
"""

from __future__ import annotations

from tests.browser.harness import ROOT

# Where npm put axe-core: a root install, else the benchmark's Lighthouse (which bundles it).
AXE = (
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
    ROOT / "bench" / "lighthouse" / "node_modules" / "axe-core" / "axe.min.js",
)
SERIOUS = ("serious", "critical")


def serious_violations(page) -> list[dict]:
    """axe-core's violations of impact serious or critical on ``page``: rule, help, nodes."""
    found = next((p for p in AXE if p.is_file()), None)
    if found is None:
        raise RuntimeError(f"axe-core is not installed (looked in {', '.join(map(str, AXE))})")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(found))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
