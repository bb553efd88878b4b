"""Turn the bytes of a text table into text: UTF-8 (with or without BOM), or the code page
a Russian, Kazakh or Western spreadsheet wrote it in.

Text that is not UTF-8 is given to charset-normalizer, among the code pages planners' files
come in: Windows-1251 (Russian Windows), kz1048 (Kazakh Windows), KOI8-R, CP866 (DOS) and
Windows-1252 (Western Windows). kz1048 differs from Windows-1251 only in the Kazakh letters,
so on a short file the library may not tell them apart; there the rule of the Kazakh letters
decides (see :data:`_KZ1048_TELLS`).
"""

from __future__ import annotations

import re

from userdata.read.errors import UploadError

# Letters cp1251 has and Kazakh text never uses; kz1048 (the Kazakh code page) puts
# Қ қ Һ һ Ұ ұ Ә ә Ө ө Ғ ғ Ү ү Ң ң at exactly these bytes. Seeing them after a cp1251
# decode means the file is really kz1048.
_KZ1048_TELLS = frozenset("ЌЋќћЎўЈҐЄЇґєјЅѕї")
# C0 control characters other than tab, newlines, form feed and the DOS end-of-file mark.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x19\x1b-\x1f]")
_SAMPLE = 65_536
# What charset-normalizer chooses among (codec names as Python spells them).
CODE_PAGES = ("cp1251", "kz1048", "koi8_r", "cp866", "cp1252")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text table, detecting its encoding.

    UTF-8 is tried first (a BOM is dropped); for other text charset-normalizer chooses among
    :data:`CODE_PAGES`, and Windows-1251 text holding letters only kz1048 makes sense of is
    read as kz1048.

    Parameters
    ----------
    data : bytes
        The whole file.

    Returns
    -------
    text : str
        The text without BOM.
    encoding : str
        ``"utf-8"``, ``"utf-8-sig"`` or one of :data:`CODE_PAGES`.

    Raises
    ------
    UploadError
        ``empty_file``; ``binary_file`` (``offset``) for NUL bytes or control characters;
        ``bad_encoding`` (``encoding``) for UTF-16/UTF-32 and bytes no encoding here fits.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] == b"\x00\x00\xfe\xff":
        # Excel's "Unicode text" is UTF-16; say so rather than call it binary.
        raise UploadError("bad_encoding", encoding="utf-16")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UploadError("binary_file", offset=nul)
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _decode(data, "utf-8-sig"), "utf-8-sig"
    else:
        text, encoding = _decode(data, "utf-8"), "utf-8"
    if text is None:
        text, encoding = _code_page(data)
    if text is None:
        raise UploadError("bad_encoding", encoding="unknown")
    if not text.strip():
        raise UploadError("empty_file")
    sample = text[:_SAMPLE]
    controls = _CONTROL.findall(sample)
    # A stray control character can sit in a real table; many of them cannot.
    if len(controls) > max(2, len(sample) // 100):
        offset = _CONTROL.search(text)
        raise UploadError("binary_file", offset=offset.start() if offset else 0)
    return text, encoding


def _code_page(data: bytes) -> tuple[str | None, str]:
    """The text in the code page charset-normalizer finds likeliest, or None if none fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CODE_PAGES)).best()
    if best is None:
        return None, "unknown"
    encoding = best.encoding
    text = _decode(data, encoding)
    if encoding == "cp1251" and text is not None and not _KZ1048_TELLS.isdisjoint(text):
        encoding, text = "kz1048", _decode(data, "kz1048")
    return text, encoding


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
