"""The "your own data" panel: bring a file, see how it was read, save it, manage it.

Nothing is saved before the reader has seen the preview: each row's town (or the nearest
names), each column's role (which the reader can change), every rejected cell, every line
whose fields do not fit the header (read as proposed only when the reader says so). A saved
dataset gets an unguessable id (the link) and a write key shown once; the view switches
to it at once.

The file is read in a worker process with hard limits (:mod:`userdata.read.bounded`), never
in this server process; each reading is kept in the session, so the page's other reruns do
not read the file again.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import partial
from pathlib import PurePath
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from geo.i18n import col, fmt_number, t
from geo.indicators import DEFAULT_INDICATOR
from geo.view import to_params
from ui import state
from ui.account import account_box
from ui.cache import atlas
from ui.datasets import signed_in_user, store
from ui.text import md_escape
from userdata.bidi import strip_bidi
from userdata.datasets import ViewDataset
from userdata.read import AGGREGATIONS, ROLES, ColumnRole, Preview, UploadError, check_size
from userdata.read.bounded import Outcome, read_bounded
from userdata.read.limits import MAX_BYTES, megabytes
from userdata.read.matching import TownMatcher
from userdata.read.records import excerpt
from userdata.store import StoreError

SAVED = "dataset_saved"  # (id, write key) of the dataset saved in this session, shown once
READINGS = "data_readings"  # the session's last readings of a file, by what was asked
KEPT_READINGS = 3  # the plain reading, with roles set, with lines accepted
MALFORMED_SHOWN = 200  # lines not read, listed in the panel (the count says how many)


@st.cache_resource(show_spinner=False)
def matcher() -> TownMatcher:
    """Every town's names and variants, folded once per server process."""
    return TownMatcher(atlas().towns)


def data_panel(lang: str, dataset: ViewDataset | None) -> None:
    """The panel under the map; drawn only when open."""
    with st.expander(t("data_panel", lang), key="data_open", on_change="rerun") as box:
        if not box.open:
            return
        _just_saved(lang)
        account_box(lang, dataset)
        if dataset is not None:
            _current(dataset, lang)
        st.caption(t("data_privacy", lang))
        _upload(lang)


def _link(dataset_id: str) -> str:
    """The view's address with the dataset: absolute where the page knows its own address."""
    params = {**to_params(replace(state.current(), data=dataset_id)), "data": dataset_id}
    query = "?" + urlencode(params, safe=",")
    here = urlsplit(st.context.url or "")
    if here.scheme in ("http", "https") and here.netloc:
        return urlunsplit((here.scheme, here.netloc, here.path or "/", query[1:], ""))
    return query


def _just_saved(lang: str) -> None:
    saved = st.session_state.get(SAVED)
    if not saved:
        return
    dataset_id, write_key = saved
    st.success(t("data_saved", lang))
    st.caption(t("data_link", lang))
    st.code(_link(dataset_id), language=None)
    st.caption(t("data_write_key", lang))
    st.code(write_key, language=None)
    if st.button(t("data_key_noted", lang), key="data_key_noted"):
        st.session_state.pop(SAVED, None)
        st.rerun()


def _current(dataset: ViewDataset, lang: str) -> None:
    """The dataset the view uses: where it came from, and renaming or deleting it."""
    st.markdown(f"**{md_escape(dataset.name)}**")
    st.caption(md_escape(dataset.note(lang)))
    counts = dataset.content.counts
    st.caption(
        t(
            "data_counts",
            lang,
            towns=fmt_number(counts.get("towns", 0), lang),
            missing=fmt_number(counts.get("towns_missing", 0), lang),
        )
    )
    with st.form("data_manage", border=False):
        name = st.text_input(t("data_new_name", lang), value=dataset.name, max_chars=200)
        key = st.text_input(t("data_key", lang), type="password")
        c1, c2 = st.columns(2)
        rename = c1.form_submit_button(t("data_rename", lang))
        delete = c2.form_submit_button(t("data_delete", lang))
    if rename or delete:
        _change(dataset, lang, name if rename else None, key, delete)


def _change(dataset: ViewDataset, lang: str, name: str | None, key: str, delete: bool) -> None:
    s = store()
    if s is None:
        return
    user = signed_in_user()
    try:
        if delete:
            s.delete(dataset.dataset_id, write_key=key or None, user=user)
            view = state.current()
            indicator = DEFAULT_INDICATOR if view.indicator.startswith("data:") else view.indicator
            state.set_view(replace(view, data=None, indicator=indicator), from_widget=False)
            state.add_notice("data_deleted", value=dataset.name)
        else:
            s.rename(dataset.dataset_id, name, write_key=key or None, user=user)
    except StoreError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    st.rerun()


def _upload(lang: str) -> None:
    file = st.file_uploader(
        t("data_file", lang, mb=megabytes(MAX_BYTES)),
        type=["csv", "tsv", "txt", "xlsx"],
        key="data_file",
        max_upload_size=MAX_BYTES // 1_000_000,  # the browser refuses bigger files at once
    )
    if file is None:
        return
    raw = file.getvalue()
    sheet = st.session_state.get("data_sheet")
    plain = _reading(lang, raw, file.name, sheet)
    if plain.error is not None:
        name = strip_bidi(file.name)
        st.error(md_escape(t("data_unreadable", lang, file=name, problem=plain.error.text(lang))))
        return
    if len(plain.preview.table.sheets) > 1:
        st.selectbox(t("data_sheet", lang), list(plain.preview.table.sheets), key="data_sheet")
    roles = _roles_editor(plain, lang)
    proposed = _reading(lang, raw, file.name, sheet, roles) if roles else plain
    listing = st.container()  # filled once the accepted lines are known, above their choice
    accept = _accepted(proposed, lang)
    outcome = _reading(lang, raw, file.name, sheet, roles, accept) if accept else proposed
    if outcome.error is not None:  # bad roles set by hand
        st.error(md_escape(outcome.error.text(lang)))
        return
    preview = outcome.preview
    with listing:
        _malformed(preview, lang)
    _show_preview(preview, lang)
    if preview.ok:
        _save_form(preview, raw, file.name, lang)
    else:
        st.info(t("data_not_saved", lang))


def _reading(
    lang: str,
    raw: bytes,
    file_name: str,
    sheet: str | None,
    roles: dict[int, ColumnRole] | None = None,
    accept: tuple[int, ...] = (),
) -> Outcome:
    """The file read in the bounded worker, or this session's earlier reading of the same."""
    try:
        check_size(len(raw))
    except UploadError as exc:
        return Outcome(error=exc)
    key = (hashlib.sha256(raw).hexdigest(), file_name, sheet, repr(roles), accept)
    kept: dict = st.session_state.setdefault(READINGS, {})
    if key not in kept:
        with st.spinner(t("data_reading", lang)):
            kept[key] = read_bounded(
                raw, file_name, matcher(), sheet=sheet, roles=roles, accept=accept
            )
        while len(kept) > KEPT_READINGS:
            kept.pop(next(iter(kept)))
    return kept[key]


ROLE_KEYS = {r: f"role_{r}" for r in ROLES}
# Shown for the columns that add up to nothing (an empty cell would read "None").
NO_AGGREGATION = "—"


def _roles_editor(plain: Outcome, lang: str) -> dict[int, ColumnRole] | None:
    """Each column's role, guessed, and changeable by the reader."""
    guessed = plain.guessed
    frame = pd.DataFrame(
        {
            "header": [c.header for c in guessed],
            "role": [c.role for c in guessed],
            "unit": [c.unit or "" for c in guessed],
            "aggregation": [c.aggregation or NO_AGGREGATION for c in guessed],
        }
    )
    st.caption(t("data_roles_help", lang))
    edited = st.data_editor(
        frame,
        key=f"data_roles:{plain.preview.table.sheet or ''}:{len(guessed)}",
        hide_index=True,
        width="stretch",
        disabled=["header"],
        column_config={
            "header": st.column_config.TextColumn(t("data_column", lang)),
            "role": st.column_config.SelectboxColumn(
                t("data_role", lang),
                options=list(ROLES),
                required=True,
                format_func=lambda r: t(ROLE_KEYS[r], lang),
            ),
            "unit": st.column_config.TextColumn(t("data_unit", lang), max_chars=40),
            "aggregation": st.column_config.SelectboxColumn(
                t("data_aggregation", lang),
                options=[NO_AGGREGATION, *AGGREGATIONS],
                format_func=lambda a: t(f"aggregation_{a}", lang) if a in AGGREGATIONS else a,
            ),
        },
    )
    changed = edited.ne(frame).any(axis=1)
    if not changed.any():
        return None
    return {
        i: ColumnRole(
            row["role"],
            unit=row["unit"] or None,
            aggregation=(
                row["aggregation"]
                if row["role"] == "numeric" and row["aggregation"] in AGGREGATIONS
                else None
            ),
        )
        for i, row in edited.iterrows()
    }


def _accepted(outcome: Outcome, lang: str) -> tuple[int, ...]:
    """The lines not read whose proposed reading the reader accepts (none unless asked)."""
    if outcome.error is not None:
        return ()
    proposals = {m.line: m.reading for m in outcome.preview.malformed if m.reading}
    if not proposals:
        return ()
    chosen = st.multiselect(
        t("data_accept", lang),
        list(proposals),
        key="data_accept",
        placeholder=t("data_accept_none", lang),
        format_func=lambda line: t(
            "data_accept_line",
            lang,
            line=line,
            reading=" | ".join(excerpt(c) for c in proposals[line]),
        ),
    )
    return tuple(sorted(line for line in chosen if line in proposals))


def _show_preview(preview: Preview, lang: str) -> None:
    counts = preview.counts()
    st.markdown(
        md_escape(
            t(
                "data_summary",
                lang,
                rows=counts["rows"],
                matched=counts["rows_matched"],
                unmatched=counts["rows_unmatched"] + counts["rows_ambiguous"],
                rejected=counts["cells_rejected"],
                towns=counts["towns"],
            )
        )
    )
    if preview.table.title_rows:
        skipped = "; ".join(r.text for r in preview.table.title_rows)
        st.caption(md_escape(t("data_title_rows", lang, rows=skipped[:300])))
    for error in preview.errors:
        st.error(md_escape(error.text(lang)))
    towns = atlas().towns.set_index("town_id")[col("name", lang)]
    rows = pd.DataFrame(
        {
            t("data_line", lang): [r.line for r in preview.rows],
            t("data_in_file", lang): [r.match.text for r in preview.rows],
            t("data_town", lang): [
                towns.get(r.town_id, "") if r.town_id else t("data_not_matched", lang)
                for r in preview.rows
            ],
            t("data_suggestions", lang): [
                ", ".join(s.name for s in r.match.candidates) if not r.town_id else ""
                for r in preview.rows
            ],
        }
    )
    tab_rows, tab_cells = st.tabs([t("data_rows", lang), t("data_rejected", lang)])
    tab_rows.dataframe(rows, hide_index=True, width="stretch", height=240)
    cells = pd.DataFrame(
        {
            t("data_line", lang): [c.line for c in preview.rejected],
            t("data_column", lang): [c.header for c in preview.rejected],
            t("data_value", lang): [c.value for c in preview.rejected],
            t("data_reason", lang): [
                UploadError(c.reason, **c.params).text(lang) for c in preview.rejected
            ],
        }
    )
    tab_cells.dataframe(cells, hide_index=True, width="stretch", height=240)
    stem = PurePath(preview.table.file_name or "data").stem
    c1, c2 = st.columns(2)
    c1.download_button(
        t("data_dl_unmatched", lang),
        data=partial(preview.unmatched_rows_csv),
        file_name=f"{stem}_unmatched.csv",
        mime="text/csv",
        on_click="ignore",
        disabled=not preview.unmatched_rows,
        key="data_dl_unmatched",
    )
    c2.download_button(
        t("data_dl_rejected", lang),
        data=partial(preview.rejected_cells_csv),
        file_name=f"{stem}_rejected.csv",
        mime="text/csv",
        on_click="ignore",
        disabled=not preview.rejected,
        key="data_dl_rejected",
    )


def _malformed(preview: Preview, lang: str) -> None:
    """The lines not read, as written, with the field counts and any proposed reading."""
    notes = [m for m in preview.malformed if not m.accepted]
    if not notes:
        return
    st.warning(md_escape(t("data_malformed", lang, count=fmt_number(len(notes), lang))))
    shown = notes[:MALFORMED_SHOWN]
    st.dataframe(
        pd.DataFrame(
            {
                t("data_line", lang): [m.line for m in shown],
                t("data_malformed_text", lang): [m.row.text for m in shown],
                t("data_malformed_expected", lang): [m.row.expected for m in shown],
                t("data_malformed_found", lang): [m.row.found for m in shown],
                t("data_malformed_reading", lang): [
                    " | ".join(m.reading) if m.reading else "" for m in shown
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        height=min(240, 38 + 35 * len(shown)),
    )


def _save_form(preview: Preview, raw: bytes, file_name: str, lang: str) -> None:
    with st.form("data_save", border=False):
        name = st.text_input(
            t("data_name", lang), value=PurePath(strip_bidi(file_name)).stem[:200], max_chars=200
        )
        saved = st.form_submit_button(t("data_save", lang), type="primary")
    if not saved:
        return
    s = store()
    if s is None:
        return
    roles = {
        "columns": [
            {"header": c.header, "role": c.role, "unit": c.unit, "aggregation": c.aggregation}
            for c in preview.columns
        ]
    }
    try:
        made = s.create(
            name=name,
            file_name=file_name,
            original=raw,
            content=preview.content(),
            roles=roles,
            owner=signed_in_user(),
        )
    except (StoreError, UploadError) as exc:
        st.error(md_escape(exc.text(lang)))
        return
    st.session_state[SAVED] = (made.dataset_id, made.write_key)
    state.set_view(replace(state.current(), data=made.dataset_id), from_widget=False)
    st.rerun()
