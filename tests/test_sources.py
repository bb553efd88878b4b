"""Every source key used in data/ resolves to a row of sources.csv that says what the source
is, where it is, how sure its date is and when it was read; the unfit sources are gone.

Expected values come from the issue (the unfit sources, the rows that gave only a domain, the
sources whose date is not printed) and from the research notes' source index.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scripts import build_boundaries as bb

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

CLASSES = {"official", "statistics", "news", "reference", "package", "seed", "project"}
# Unfit for the facts they were cited for: a betting-shop page, a homework-essay site, a
# terms-of-use page, a travel agency, a map site.
UNFIT = {"DZEN-BAL", "TUTOTVETI", "MININGDATA", "LAGUNA", "CALIG"}
# Rows that gave only a domain before; the source index has their full address.
DOMAIN_ONLY_BEFORE = {
    "AKI12",
    "INF23",
    "INF24b",
    "INF25",
    "PM24",
    "CHOICE24",
    "AT24",
    "VLAST15-SAT",
    "AZATTYQ21",
    "RUDALTAI",
}
# Sources whose date is not printed in their text: the year must stay visibly doubtful.
DATE_NOT_PRINTED = {"PM13", "AT13", "AKI12"}
DATED = {"stated", "address"}
CERTAINTY = DATED | {"inferred", "research_notes", "unknown"}


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, str]]:
    rows = read(DATA / "sources.csv")
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate key in sources.csv"
    return {r["key"]: r for r in rows}


def _split(cell: str) -> set[str]:
    return {k.strip() for k in cell.split(";") if k.strip()}


def keys_in_data_tables() -> dict[str, set[str]]:
    """Keys in every ``source`` / ``*_source`` column of the tables in data/, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted([*DATA.glob("*.csv"), *DATA.glob("boundaries/*.csv")]):
        if path.name == "sources.csv":
            continue
        for row in read(path):
            for column, cell in row.items():
                if column == "source" or column.endswith("_source"):
                    found.setdefault(path.name, set()).update(_split(cell))
    return found


def keys_in_manifest() -> set[str]:
    manifest = json.loads((DATA / "boundaries" / "manifest.json").read_text(encoding="utf-8"))
    keys = set(manifest["provenance"]["sources"]) | set(manifest["kazakh_latin"]["sources"])
    return keys | {entry["source"]["source_key"] for entry in manifest["files"]}


def keys_in_indicators() -> set[str]:
    # The indicator registry (geo/indicators.py) cites its sources as strings in the code.
    text = (ROOT / "geo" / "indicators.py").read_text(encoding="utf-8")
    return {k for cell in re.findall(r'source="([^"]*)"', text) for k in _split(cell)}


def test_every_key_used_in_data_resolves(sources):
    by_file = keys_in_data_tables()
    for name in ("towns.csv", "programme.csv", "caveats.csv", "timeline.csv", "names_then.csv"):
        assert by_file.get(name), f"no source keys found in {name}"
    indicators = keys_in_indicators()
    assert indicators, "no source strings found in geo/indicators.py"
    used = set().union(*by_file.values(), keys_in_manifest(), indicators)
    assert used - set(sources) == set()


def test_every_row_is_cited_somewhere(sources):
    used = set().union(*keys_in_data_tables().values(), keys_in_manifest(), keys_in_indicators())
    assert set(sources) - used == set()


def test_every_source_is_classified_and_resolved(sources):
    for key, row in sources.items():
        assert row["class"] in CLASSES, key
        assert row["kind"] and row["kind"] != "secondary_unresolved", key
        assert row["title"] and row["title_basis"] in {"page", "address", "description"}, key
        assert "key only" not in row["url_or_ref"], key
        assert row["url_or_ref"], key
        if row["url"]:
            assert urlparse(row["url"]).scheme in {"http", "https"}, key
            assert row["url"] in row["url_or_ref"], key
        assert row["date_certainty"] in CERTAINTY, key


def test_unfit_sources_are_gone(sources):
    assert UNFIT & set(sources) == set()
    used = set().union(*keys_in_data_tables().values())
    assert UNFIT & used == set()


@pytest.mark.parametrize("key", sorted(DOMAIN_ONLY_BEFORE))
def test_rows_that_gave_a_domain_now_give_the_page(key, sources):
    url = urlparse(sources[key]["url"])
    assert url.netloc and (url.path.strip("/") or url.query), sources[key]["url"]


def test_web_pages_have_a_language(sources):
    for key, row in sources.items():
        if row["url"].startswith("http") and row["class"] != "package":
            assert row["language"] or "language not recorded" in row["note"], key


def test_dates_say_how_sure_they_are(sources):
    for key, row in sources.items():
        year, date, certainty = row["year"], row["date"], row["date_certainty"]
        if certainty in DATED:
            assert date and year == date[:4], key
        # A year that is inferred or only in the research notes carries its doubt: "2013?".
        assert year.endswith("?") == (certainty in {"inferred", "research_notes"}), key
        assert year == "" or re.fullmatch(r"\d{4}\??", year), key


@pytest.mark.parametrize("key", sorted(DATE_NOT_PRINTED))
def test_a_date_not_printed_in_the_source_stays_doubtful(key, sources):
    row = sources[key]
    assert row["year"].endswith("?")
    assert row["date_certainty"] not in DATED
    assert "10 September 2013" not in row["title"]


def test_accessed_dates_are_not_invented(sources):
    # Nothing records when the web pages were read; the only recorded day is the package's.
    for key, row in sources.items():
        accessed = row["accessed"]
        if key == "PKZM":
            assert accessed.startswith(bb.RETRIEVED)
        else:
            assert accessed in {"not recorded", "not applicable (copy in this repository)"}, key


# Sites that copy other pages (machine-translated encyclopaedia mirrors, content farms) or
# only display a document (magazine viewers): the issue's list and the research notes' own.
COPIES = (
    "perceptio",
    "profilpelajar",
    "wafarin",
    "frwiki.wiki",
    "zxc.wiki",
    "wikiup",
    "silkadv",
    "millionfacts",
    "joomag",
    "jmediawiki",
    "jmedia.wiki",
    "dweb.link",
    "ipns",
    "plwiki.pl",
    "wmcloud",
    "wiki7",
    "qaz.wiki",
    "wikinlu",
    "hmong",
    "xn--b1aeclack5b4j.su",
    "folkpublication",
    "wikiclassic",
    "memim",
    "fashionrebelsbook",
    "tochka-na-karte",
)
# Words a reference uses when it is no reference at all.
NO_REFERENCE = ("no fuller address", "no address", "excerpt only", "key only")
WEAK_KINDS = {"encyclopaedia", "encyclopaedia_mirror", "blog", "reference_site"}
# The sources without an address, and those never read.
HAD_NO_ADDRESS = {"UKWIKI06", "TELEZH", "INTERFAX-SSGPO"}
NEVER_READ = {"CHOICE24", "SILKWAY24", "RUDALTAI"}


def test_every_source_has_an_address_or_a_document_reference(sources):
    for key, row in sources.items():
        ref = row["url_or_ref"].lower()
        assert not any(word in ref for word in NO_REFERENCE), key
        if not row["url"]:
            # A document named well enough to find it: a file in this repository or in a
            # named one, or a magazine article with its author.
            assert re.search(r"\bfile\b|data/sources/|\bmagazine\b", ref), key


def test_no_source_is_a_mirror_or_a_viewer(sources):
    for key, row in sources.items():
        host = urlparse(row["url"]).netloc.lower()
        assert not any(copy in host for copy in COPIES), (key, host)
        assert row["kind"] != "encyclopaedia_mirror", key


def test_sources_say_whether_they_are_weak(sources):
    for key, row in sources.items():
        assert row["weak"] in {"yes", "no"}, key
        if row["kind"] in WEAK_KINDS:
            assert row["weak"] == "yes", key


def test_sources_without_an_address_got_one_or_went(sources):
    for key in HAD_NO_ADDRESS & set(sources):
        assert urlparse(sources[key]["url"]).scheme == "https", key
    assert "TELEZH" in sources and sources["TELEZH"]["weak"] == "yes"  # a personal site


def test_sources_never_read_were_read_or_went(sources):
    for key in NEVER_READ & set(sources):
        assert "not among the stored copies read" not in sources[key]["note"], key
        assert "read in a stored copy" in sources[key]["note"], key


def test_each_source_supports_what_it_is_cited_for(sources):
    # AKIPress gives Kentau's industry as "polymetallic ores and reinforced concrete";
    # Tengizchevroil's own news shows the company in Kulsary, not that it is the main one.
    assert "reinforced concrete" in sources["AKI12"]["cited_for"]
    assert "transformer" not in sources["AKI12"]["cited_for"]
    assert "not that it is the town's main enterprise" in sources["TCO18"]["cited_for"]
