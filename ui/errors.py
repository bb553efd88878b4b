"""The page a reader sees when the atlas cannot be drawn: one clear message, no traceback.

A broken data file is named with its row and column, in the reader's language; anything
else says only that the map could not be drawn (the details go to the server's log, not
to every visitor).
"""

from __future__ import annotations

import logging

import streamlit as st

from geo.errors import DataError
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from ui.text import md_escape

log = logging.getLogger("monoqala")


def reader_language() -> str:
    """The language the link asks for, without trusting anything else in it."""
    asked = st.query_params.get("lang")
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


def data_error_page(exc: DataError) -> None:
    lang = reader_language()
    log.error("atlas data cannot be read: %s", exc)
    st.title(t("title", lang))
    where = [t("error_file", lang, file=exc.file)]
    if exc.row == 0:
        where.append(t("error_header", lang))
    elif exc.row is not None:
        where.append(t("error_row", lang, row=exc.row))
    if exc.column is not None:
        where.append(t("error_column", lang, column=exc.column))
    st.error(
        md_escape(t("error_data", lang))
        + "\n\n"
        + md_escape("; ".join(where))
        + "\n\n"
        + md_escape(f"{t('error_problem', lang)}: {exc.problem}")
    )
    st.caption(t("error_admin", lang))


def failure_page(exc: BaseException) -> None:
    lang = reader_language()
    log.exception("the page failed", exc_info=exc)
    st.error(t("error_unexpected", lang))
