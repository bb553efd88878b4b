"""Sign-in, where the deployment configures it (Streamlit's OIDC ``st.login``).

With sign-in, a planner's datasets belong to them: they see a list of their own (never
anybody else's), and can share one with named colleagues, who then read it through its
link; nobody else can, even with the link. Without sign-in, a dataset's link is what
gives access, and its write key what allows changing it.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from ui.datasets import signed_in_user, store
from ui.text import md_escape
from userdata.datasets import ViewDataset
from userdata.store import StoreError


def sign_in_configured() -> bool:
    """True when the deployment's secrets configure an identity provider."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, RuntimeError):
        return False


def account_box(lang: str, dataset: ViewDataset | None) -> None:
    """Sign in or out; one's own datasets; sharing the current one (owner only)."""
    if not sign_in_configured():
        return
    user = signed_in_user()
    if user is None:
        st.caption(t("acct_why", lang))
        st.button(t("acct_sign_in", lang), on_click=st.login, key="acct_sign_in")
        return
    c1, c2 = st.columns([3, 1])
    c1.caption(md_escape(t("acct_signed_in", lang, user=user)))
    c2.button(t("acct_sign_out", lang), on_click=st.logout, key="acct_sign_out")
    s = store()
    if s is None:
        return
    try:
        own = s.owned_by(user)
    except StoreError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    if own:
        st.markdown(f"**{t('acct_own', lang)}**")
        for summary in own:
            st.markdown(
                f"- [{md_escape(summary.name)}](?data={summary.dataset_id}) "
                f"· {summary.uploaded_at:%Y-%m-%d}"
            )
    if dataset is not None and any(d.dataset_id == dataset.dataset_id for d in own):
        _sharing(lang, dataset, user)


def _sharing(lang: str, dataset: ViewDataset, user: str) -> None:
    s = store()
    try:
        shared = s.shares(dataset.dataset_id, user=user)
    except StoreError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    st.caption(md_escape(t("acct_shared_with", lang, who=", ".join(shared) or "—")))
    with st.form("acct_share", border=False):
        colleague = st.text_input(t("acct_colleague", lang), max_chars=254)
        share = st.form_submit_button(t("acct_share", lang))
    if share and colleague:
        try:
            s.share(dataset.dataset_id, colleague, user=user)
        except StoreError as exc:
            st.error(md_escape(exc.text(lang)))
            return
        st.rerun()
