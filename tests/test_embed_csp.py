"""The embed under a strict Content-Security-Policy: every script and style it holds is an
inline block allowed by hash, nothing else is allowed, nothing needs more.

The browser half (the page under the policy in Chromium) is tests/browser/test_embed_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from cli import main as cli
from export.embed import embed_html, iframe_snippet, responsive_snippet
from export.embed.csp import PolicyError, header, inline_blocks, meta_policy, policy, source_hash
from export.embed.html import SANDBOX
from geo.view import View
from layers.assets import leaflet_css_inline, leaflet_js_inline
from layers.style import colour_class, colour_css
from tests.test_export_embed import HOSTILE, with_town_name

VIEWS = {
    "kz_en": View(lang="en"),
    "karaganda_kk_2022": View(lang="kk", vintage="2022", unit="KZ-35"),
    "listed_ru": View(lang="ru").with_filter("status", {"listed", "unknown"}),
    "status_colours_en": View(lang="en", colour_by="status"),
}


class Page(HTMLParser):
    """What a browser's parser finds: every tag's attributes, every script and style text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._open = tag
            self.blocks[tag].append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            self.blocks[self._open][-1] += data


def sha256_source(text: str) -> str:
    """A CSP hash source, computed here independently of export.embed.csp."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(text: str) -> dict[str, list[str]]:
    out = {}
    for part in text.split(";"):
        name, *values = part.split()
        assert name not in out, f"{name} given twice"
        out[name] = values
    return out


@pytest.fixture(scope="module", params=list(VIEWS))
def page(request, atlas) -> str:
    return embed_html(atlas, VIEWS[request.param], "https://atlas.example.kz/")


@pytest.fixture(scope="module")
def page_en(atlas) -> str:
    return embed_html(atlas, VIEWS["kz_en"], "https://atlas.example.kz/")


def test_no_style_attributes_and_no_event_handlers_in_the_page(page):
    parsed = Page(page)
    styled = [(tag, attrs) for tag, attrs in parsed.tags if "style" in attrs]
    assert styled == []
    handlers = [(tag, a) for tag, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert handlers == []
    links = [attrs.get("href") or "" for _, attrs in parsed.tags]
    assert not [h for h in links if h.strip().lower().startswith("javascript:")]


def test_no_style_attributes_in_the_html_the_scripts_insert(page):
    """Legend, popups, tooltips and labels travel as HTML in the scripts, for innerHTML:
    a style attribute there is refused as well (style-src-attr)."""
    ours = [s for s in Page(page).blocks["script"] if s != leaflet_js_inline()]
    assert ours, "the map's own scripts"
    for script in ours:
        assert not re.search(r"style\s*=", script), re.search(r".{60}style\s*=.{60}", script)
        assert not re.search(r"""setAttribute\(\s*["']style""", script)
        assert not re.search(r"""\son[a-z]+\s*=\s*\\?["']""", script)  # handlers in markup
        assert "javascript:" not in script
        assert "eval(" not in script and "new Function" not in script


def test_every_inline_block_is_allowed_by_its_hash_and_nothing_else(page):
    parsed = Page(page)
    meta = [
        a
        for tag, a in parsed.tags
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(meta) == 1
    rules = directives(meta[0]["content"])
    for kind in ("script", "style"):
        wanted = {sha256_source(text) for text in parsed.blocks[kind]}
        assert set(rules[f"{kind}-src"]) == wanted, kind
    # Leaflet's two blocks are among them, as the files are (CR LF read as LF).
    assert leaflet_js_inline() in parsed.blocks["script"]
    assert leaflet_css_inline() in parsed.blocks["style"]


def test_the_policy_is_in_force_before_any_code(page):
    head = page[: page.index("</head>")]
    meta = head.index('<meta http-equiv="Content-Security-Policy"')
    first_code = min(head.index("<script>"), head.index("<style>"))
    assert head.index('<meta charset="utf-8">') < meta < first_code


def test_the_policys_text(page_en):
    text = meta_policy(page_en)
    rules = directives(text)
    assert list(rules) == [
        "default-src",
        "script-src",
        "style-src",
        "connect-src",
        "base-uri",
        "form-action",
    ]
    assert rules["default-src"] == ["'none'"]  # images, fonts, frames, fetches: none
    assert rules["connect-src"] == ["'none'"]
    assert rules["base-uri"] == ["'none'"] and rules["form-action"] == ["'none'"]
    for kind in ("script-src", "style-src"):
        assert rules[kind] and all(
            re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in rules[kind]
        )
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "'self'", "*"):
        assert loose not in text.split()
    assert "frame-ancestors" not in text  # ignored in <meta> (and Chromium warns)


def test_the_header_form_adds_where_it_may_be_framed(page_en):
    line = header(page_en)
    assert line == f"Content-Security-Policy: {meta_policy(page_en)}; frame-ancestors *"
    assert line == f"Content-Security-Policy: {policy(page_en, header=True)}"


def test_same_view_same_file_and_policy_leaflet_hash_shared(atlas, page_en):
    again = embed_html(atlas, VIEWS["kz_en"], "https://atlas.example.kz/")
    assert again == page_en
    other = embed_html(atlas, VIEWS["karaganda_kk_2022"])
    leaflet = source_hash(leaflet_js_inline())
    assert leaflet in meta_policy(page_en) and leaflet in meta_policy(other)
    assert meta_policy(other) != meta_policy(page_en)  # the map's own script differs


def test_a_hostile_name_changes_nothing_of_the_above(atlas):
    page = embed_html(with_town_name(atlas, "temirtau", HOSTILE), View(lang="en"))
    parsed = Page(page)
    assert not [t for t, attrs in parsed.tags if "style" in attrs or "onerror" in attrs]
    rules = directives(meta_policy(page))
    assert set(rules["script-src"]) == {sha256_source(s) for s in parsed.blocks["script"]}


def test_colours_are_classes_with_rules_in_the_page(page_en):
    assert 'class="mq-dot mq-c-332288"' in page_en  # Temirtau, steel, in the town list
    assert ".mq-c-332288 { background-color: #332288; }" in page_en
    used = set(re.findall(r"mq-c-([0-9a-f]{6})", page_en))
    ruled = set(re.findall(r"\.mq-c-([0-9a-f]{6}) \{", page_en))
    assert used and used == ruled


def test_colour_class_takes_hex_colours_only():
    assert colour_class("#CC6677") == "mq-c-cc6677"
    assert colour_class("#abc") == "mq-c-aabbcc"
    for bad in ('#000"><img src=x>', "red", "#12345", "url(x)", "", "#1234567"):
        assert colour_class(bad) == ""
    assert colour_css(['<i class="mq-c-cc6677">', "mq-c-000000 mq-c-cc6677"]) == (
        ".mq-c-000000 { background-color: #000000; }\n.mq-c-cc6677 { background-color: #cc6677; }\n"
    )


def test_a_block_the_policy_cannot_hash_is_an_error():
    with pytest.raises(PolicyError, match="cannot hash"):
        inline_blocks('<meta charset="utf-8"><script src="x.js"></script>')
    with pytest.raises(PolicyError, match="cannot hash"):
        inline_blocks('<style media="print">a {}</style>')
    assert inline_blocks("<script>a</script><style>b</style>") == {
        "script": ["a"],
        "style": ["b"],
    }


def test_hashes_are_taken_over_the_text_a_browser_reads():
    assert source_hash("a\r\nb") == source_hash("a\nb") == sha256_source("a\nb")


def test_iframe_snippets_are_sandboxed_lazy_and_titled():
    for snippet in (iframe_snippet("kz.html", "Map"), responsive_snippet("kz.html", "Map")):
        frame = Page(snippet).tags[0][1]
        assert frame["title"] == "Map" and frame["loading"] == "lazy"
        flags = frame["sandbox"].split()
        assert (
            flags
            == SANDBOX.split()
            == [
                "allow-scripts",
                "allow-popups",
                "allow-popups-to-escape-sandbox",
            ]
        )
        assert not [f for f in flags if "top-navigation" in f or f == "allow-same-origin"]
    # The host's listener takes heights from the sandboxed (opaque, "null") frame.
    assert '"null"' in responsive_snippet("kz.html", "Map")


def test_command_line_prints_the_header_for_html(tmp_path, capsys):
    out = tmp_path / "kz.html"
    assert cli.main(["export", "--format", "html", "--lang", "en", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    lines = captured.err.splitlines()
    assert f"Content-Security-Policy: {meta_policy(page)}; frame-ancestors *" in lines
    assert header(page) in lines


def test_command_line_prints_no_policy_for_other_formats(tmp_path, capsys):
    assert cli.main(["export", "--format", "csv", "-o", str(tmp_path / "kz.csv")]) == 0
    assert "Content-Security-Policy" not in capsys.readouterr().err


def test_the_apps_panel_shows_the_header_of_the_file_it_offers(atlas):
    from export.formats import Options
    from tests.test_app import run
    from ui.panels import shown_file

    at = run({"lang": "en", "unit": "KZ-35"})
    at.session_state["export_open"] = True
    at.run()
    assert not at.exception
    shown = [c.value for c in at.code if c.value.startswith("Content-Security-Policy: ")]
    offered = shown_file(atlas, View(lang="en", unit="KZ-35"), "html", Options()).decode("utf-8")
    assert shown == [header(offered)]
    assert meta_policy(offered) in shown[0]
