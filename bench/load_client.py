"""One reader's browser tab as the server sees it: Streamlit's websocket protocol, spoken directly.

A tab opens ``/_stcore/stream`` and sends what Streamlit's frontend sends:

* a ``rerun_script`` BackMsg with the page's query string when the page is opened (and when
  the reader goes Back or Forward, ``is_history_navigation``);
* a ``rerun_script`` BackMsg with ``widget_states`` when a widget changes: the state of every
  widget the page shows, the changed one with its new value, each encoded as the widget's
  serde (``streamlit/elements/widgets/*.py``) expects it: a selectbox or radio sends the
  formatted option (the label) as ``string_value``, a multiselect its labels as
  ``string_array_value``, a toggle ``bool_value``;
* the hashes of the large messages it keeps (``cached_message_hashes``), so the server sends
  a ``ref_hash`` instead of a message the tab already has, as it does to a browser.

The tab keeps widget values as the frontend does: a widget it has not seen starts at its
``default``; a known one keeps its value unless the server sets one (``set_value``); widgets
the last run did not draw are forgotten. A rerun ends with its ``script_finished`` ForwardMsg.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

# The view widgets of the sidebar (the map's component and the table send values only when
# a reader clicks them, which these readers do not).
WIDGET_KINDS = ("radio", "selectbox", "multiselect", "checkbox")
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
DEFAULT_MAX_MESSAGE_AGE = 2  # Streamlit's global.maxCachedMessageAge
Value = str | list[str] | bool | None


class ProtocolError(Exception):
    """The server broke the conversation: a missing reference, a failed compile, a timeout."""


@dataclass
class Widget:
    """A widget as the page shows it: its user key, kind, option labels and current value."""

    key: str
    id: str
    kind: str
    options: list[str]
    value: Value


@dataclass
class Page:
    """What one run drew, as far as the load test reads it.

    ``query_string`` is the address bar after the run; ``headings`` the ``h1`` texts;
    ``errors`` every exception and error box the run showed.
    """

    query_string: str
    widgets: dict[str, Widget] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    bytes: int = 0
    refs: int = 0


def user_key(element_id: str) -> str:
    """The user key a widget id ends with (``$$ID-<hash>-<key>``; keys may hold ``-``)."""
    parts = element_id.split("-", 2)
    return parts[2] if element_id.startswith("$$ID-") and len(parts) == 3 else element_id


def initial_value(kind: str, el) -> Value:
    """The value the frontend gives a widget it has not seen: ``raw_value`` when the server
    sets one, else the default."""
    if kind == "multiselect":
        return list(el.raw_values) if el.set_value else [el.options[i] for i in el.default]
    if kind == "checkbox":
        return el.value if el.set_value else el.default
    if el.set_value:
        return el.raw_value
    has_default = el.HasField("default") if "default" in _optional(el) else True
    return el.options[el.default] if has_default and el.options else None


def _optional(el) -> set[str]:
    """Fields of ``el`` with presence (proto3 ``optional``)."""
    return {f.name for f in el.DESCRIPTOR.fields if f.has_presence}


def widget_state(widget: Widget) -> WidgetState | None:
    """The WidgetState proto the frontend sends for ``widget`` (None: no value yet)."""
    if widget.value is None:
        return None
    state = WidgetState(id=widget.id)
    if widget.kind == "multiselect":
        state.string_array_value.data[:] = list(widget.value)
    elif widget.kind == "checkbox":
        state.bool_value = bool(widget.value)
    else:
        state.string_value = str(widget.value)
    return state


class Tab:
    """A browser tab on the atlas: open a view, change a widget, go Back or Forward.

    Parameters
    ----------
    base_url : str
        The server, ``http://127.0.0.1:<port>``.
    timeout : float
        Seconds a rerun may take before it counts as never finished.
    """

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parsed = urlparse(base_url)
        self.base_url = base_url.rstrip("/")
        self.ws_url = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
        self.timeout = timeout
        self.query_string = ""
        self.page = Page("")
        self._ws = None
        self._page_script_hash = ""
        self._widgets: dict[str, Widget] = {}  # by id, the last run's
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash -> (message, last run)
        self._max_age = DEFAULT_MAX_MESSAGE_AGE
        self._runs = 0

    async def open(self, query: str) -> tuple[float, Page]:
        """Connect and run the page for ``query``; returns the seconds to script_finished."""
        # Browsers offer permessage-deflate and the server accepts it: keep the default.
        self._ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=self.timeout,
        )
        self.query_string = query
        return await self._rerun(self._client_state())

    async def change(self, key: str, value: Value) -> tuple[float, Page]:
        """Set the widget with user key ``key`` to ``value`` (labels) and rerun, as a click does."""
        widget = self.page.widgets.get(key)
        if widget is None:
            raise ProtocolError(f"no widget {key!r} on the page")
        self._widgets[widget.id] = Widget(key, widget.id, widget.kind, widget.options, value)
        return await self._rerun(self._client_state())

    async def navigate(self, query: str) -> tuple[float, Page]:
        """Go to ``query`` in the same tab, as Back and Forward do (the widgets stay)."""
        self.query_string = query
        state = self._client_state()
        state.rerun_script.is_history_navigation = True
        return await self._rerun(state)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    def _client_state(self) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self._page_script_hash
        states = [s for w in self._widgets.values() if (s := widget_state(w)) is not None]
        cs.widget_states.widgets.extend(states)
        cs.cached_message_hashes.extend(self._cache)
        ctx = cs.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "Asia/Almaty", -300, "ru-RU"
        ctx.url, ctx.is_embedded, ctx.color_scheme = self._address(), False, "light"
        return msg

    def _address(self) -> str:
        return f"{self.base_url}/" + (f"?{self.query_string}" if self.query_string else "")

    async def _rerun(self, back: BackMsg) -> tuple[float, Page]:
        """Send ``back`` and read ForwardMsgs until the run's script_finished."""
        if self._ws is None:
            raise ProtocolError("the tab is not open")
        page = Page(self.query_string)
        seen: set[str] = set()
        t0 = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        deadline = t0 + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"rerun did not finish within {self.timeout:g} s")
            try:
                raw = await asyncio.wait_for(self._ws.recv(), left)
            except TimeoutError:
                raise ProtocolError(f"rerun did not finish within {self.timeout:g} s") from None
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            page.messages += 1
            page.bytes += len(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                # A run starts (again, after st.rerun): only the last run's page counts.
                page = Page(self.query_string, messages=page.messages, bytes=page.bytes)
                seen.clear()
                self._page_script_hash = msg.new_session.page_script_hash
                age = msg.new_session.config.max_cached_message_age
                self._max_age = age or DEFAULT_MAX_MESSAGE_AGE
            elif kind == "ref_hash":
                page.refs += 1
                self._element(self._cached(msg.ref_hash), page, seen)
            elif kind == "delta":
                if msg.metadata.cacheable:
                    self._cache[msg.hash] = (msg, self._runs)
                self._element(msg, page, seen)
            elif kind == "page_info_changed":
                self.query_string = page.query_string = msg.page_info_changed.query_string
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("the script failed to compile")
                if status in FINISHED:
                    break
        elapsed = time.perf_counter() - t0
        self._finish(seen)
        self.page = page
        return elapsed, page

    def _cached(self, ref: str) -> ForwardMsg:
        if ref not in self._cache:
            raise ProtocolError(f"the server referred to a message the tab lacks ({ref})")
        msg, _ = self._cache[ref]
        self._cache[ref] = (msg, self._runs)
        return msg

    def _element(self, msg: ForwardMsg, page: Page, seen: set[str]) -> None:
        """Read one delta: the widgets' values, the title, exceptions and error boxes."""
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element: Element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind in WIDGET_KINDS:
            el = getattr(element, kind)
            known = self._widgets.get(el.id)
            if known is not None and not getattr(el, "set_value", False):
                value = known.value  # the frontend keeps what the reader chose
            else:
                value = initial_value(kind, el)
            options = list(getattr(el, "options", ()))
            widget = Widget(user_key(el.id), el.id, kind, options, value)
            self._widgets[el.id] = widget
            page.widgets[widget.key] = widget
            seen.add(el.id)
        elif kind == "heading" and element.heading.tag == "h1":
            page.headings.append(element.heading.body)
        elif kind == "exception":
            page.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            page.errors.append(f"error box: {element.alert.body[:200]}")

    def _finish(self, seen: set[str]) -> None:
        """End of a run, as the frontend ends it: forget widgets the run did not draw, and
        cached messages not used for more than ``maxCachedMessageAge`` runs."""
        self._widgets = {i: w for i, w in self._widgets.items() if i in seen}
        self._runs += 1
        self._cache = {
            h: (m, last)
            for h, (m, last) in self._cache.items()
            if self._runs - last <= self._max_age
        }
