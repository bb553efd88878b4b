"""Accessibility measured by axe-core (npm ``axe-core``, installed by ``make node`` from
package-lock.json): injected into a page or frame, run there, its serious and critical
violations returned.

    from tests.browser.axe import serious_violations
    assert serious_violations(page) == []

The script is evaluated through the browser's debugging protocol, so a page's own
Content-Security-Policy (an embed's allows only its own hashed blocks) does not stop it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.browser.harness import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

# Each frame is checked on its own (iframes: false): the app's map is a frame of its own
# document, and axe would otherwise need itself injected in every frame to look inside.
RUN = """async () => {
  const result = await window.axe.run(document, {iframes: false, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 300),
                              summary: n.failureSummary})),
  }));
}"""


@cache
def axe_source(path: Path = AXE) -> str:
    """axe-core's script, as npm installed it."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: install the npm tools with 'make node'")
    return path.read_text(encoding="utf-8")


def violations(page_or_frame) -> list[dict]:
    """Every axe-core violation in ``page_or_frame`` (a Playwright Page checks each of its
    frames; a Frame only itself), each with the ``frame`` address it was found in."""
    frames = getattr(page_or_frame, "frames", None) or [page_or_frame]
    found = []
    for frame in frames:
        blank = frame.url in ("", "about:blank", "about:srcdoc") and frame.parent_frame
        # A frame with nothing of its own in it (Streamlit's spare component frames).
        if blank and not frame.evaluate("() => document.body && document.body.children.length"):
            continue
        if not frame.evaluate("() => !!window.axe"):
            frame.evaluate(axe_source())
        for v in frame.evaluate(RUN):
            found.append({**v, "frame": frame.url})
    return found


def serious_violations(page_or_frame) -> list[dict]:
    """The serious and critical axe-core violations in ``page_or_frame`` (see
    :func:`violations`): what the tests allow none of."""
    return [v for v in violations(page_or_frame) if v["impact"] in SERIOUS]


def describe(found: list[dict]) -> str:
    """Violations as lines a failing assertion shows: rule, impact, where, what."""
    return "\n".join(
        f"{v['id']} ({v['impact']}) in {v['frame']}: {n['target']} — {n['html']}"
        for v in found
        for n in v["nodes"]
    )
