"""An .xlsx archive, checked before any of its parts is parsed, and its XML read safely.

An .xlsx is a zip archive of XML parts. Its 10 MB can expand a thousand times over, so the
archive's directory is checked first (how many parts, how large each expands, by what
ratio), and a part is then read in chunks that are counted again as they come: a part that
claims a small size but expands further is stopped at its claim. The XML parser refuses any
document type declaration, so no entity is ever declared or expanded (no "billion laughs"),
and nothing outside the archive is ever fetched (no external entity, by file or by URL).
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from xml.parsers import expat

from userdata.read.errors import UploadError
from userdata.read.limits import (
    MAX_PART_BYTES,
    MAX_PART_RATIO,
    MAX_XLSX_PARTS,
    RATIO_FROM_BYTES,
    megabytes,
)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_EOCD = b"PK\x05\x06"
_EOCD_SEARCH = 22 + 65_535  # the end record, and the longest comment that may follow it
# Expat re-scans a token that spans chunks (a long comment, say) from its start with each new
# chunk; large chunks keep that cheap for any part the size checks let through.
CHUNK_BYTES = 8 * 1024 * 1024
_NO_MEMORY = expat.errors.codes[expat.errors.XML_ERROR_NO_MEMORY]


class StopReading(Exception):  # noqa: N818 -- a signal, not an error
    """Raised by a handler that has read all it needs: the rest of the part is skipped."""


class Handler(Protocol):
    """What a part's reader implements: element names arrive without their namespace."""

    def start(self, name: str, attrs: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def text(self, data: str) -> None: ...


def is_zip(data: bytes) -> bool:
    """Return whether the bytes start like a zip archive (as every .xlsx does)."""
    return data[:4] in ZIP_MAGIC


class Archive:
    """The parts of an .xlsx, checked against the limits in :mod:`userdata.read.limits`.

    Parameters
    ----------
    data : bytes
        The whole file.
    file_name : str
        For messages.

    Raises
    ------
    UploadError
        ``not_xlsx`` (``reason`` ``"not_zip"``, ``"corrupt"``, ``"zip_not_xlsx"``),
        ``xlsx_parts`` (``count``, ``limit``), ``xlsx_part_size`` (``part``, ``size_mb``,
        ``limit_mb``), ``xlsx_part_ratio`` (``part``, ``ratio``, ``limit``).
    """

    def __init__(self, data: bytes, file_name: str) -> None:
        self.file_name = file_name
        if not is_zip(data):
            raise self.corrupt("not_zip")
        declared = _declared_parts(data)
        if declared is not None and declared > MAX_XLSX_PARTS:
            # Counted from the archive's last record, before its directory is parsed.
            raise UploadError("xlsx_parts", count=declared, limit=MAX_XLSX_PARTS)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise self.corrupt("corrupt") from None
        if len(infos) > MAX_XLSX_PARTS:
            raise UploadError("xlsx_parts", count=len(infos), limit=MAX_XLSX_PARTS)
        self._parts = {info.filename: info for info in infos}
        self._folded = {name.casefold(): name for name in self._parts}
        for info in infos:
            _check_part(info)

    def corrupt(self, reason: str) -> UploadError:
        """The error for an archive that is not a readable workbook."""
        return UploadError("not_xlsx", file_name=self.file_name, reason=reason)

    def find(self, name: str) -> str | None:
        """The archive's own spelling of part ``name`` (zip names are case-sensitive, Excel's
        are not), or None."""
        name = posixpath.normpath(name.lstrip("/"))
        return name if name in self._parts else self._folded.get(name.casefold())

    def parse(self, name: str, handler: Handler) -> None:
        """Stream part ``name`` through a parser that refuses DTDs, into ``handler``.

        Raises
        ------
        UploadError
            ``not_xlsx`` (``"corrupt"``) for broken XML or a broken part, ``xml_dtd`` for a
            document type declaration, or whatever the handler raises.
        """
        parser = _parser(handler)
        try:
            for chunk in self._chunks(name):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except StopReading:
            pass
        except expat.ExpatError as exc:
            if exc.code == _NO_MEMORY:  # expat's own allocation failed: the memory limit
                raise MemoryError from None
            raise self.corrupt("corrupt") from None

    def _chunks(self, name: str) -> Iterator[bytes]:
        info = self._parts[name]
        seen = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    seen += len(chunk)
                    if seen > info.file_size:  # more than the directory said: a lie
                        raise self.corrupt("corrupt")
                    yield chunk
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            # A bad CRC, an encrypted part or an unknown compression method (whose
            # NotImplementedError is a RuntimeError).
            raise self.corrupt("corrupt") from None

    def close(self) -> None:
        """Release the archive."""
        self._zip.close()


def _declared_parts(data: bytes) -> int | None:
    """The number of parts the end-of-directory record declares, or None if none is found."""
    at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SEARCH))
    if at < 0 or at + 22 > len(data):
        return None
    (total,) = struct.unpack_from("<H", data, at + 10)
    # 0xFFFF means "see the ZIP64 record": more parts than any workbook has.
    return MAX_XLSX_PARTS + 1 if total == 0xFFFF else total


def _check_part(info: zipfile.ZipInfo) -> None:
    size = info.file_size
    if size > MAX_PART_BYTES:
        raise UploadError(
            "xlsx_part_size",
            part=info.filename[:100],
            size_mb=megabytes(size),
            limit_mb=megabytes(MAX_PART_BYTES),
        )
    ratio = size / max(info.compress_size, 1)
    if size > RATIO_FROM_BYTES and ratio > MAX_PART_RATIO:
        raise UploadError(
            "xlsx_part_ratio", part=info.filename[:100], ratio=int(ratio), limit=MAX_PART_RATIO
        )


def _refuse_dtd(*_: Any) -> None:
    raise UploadError("xml_dtd")


def _parser(handler: Handler) -> Any:
    """An expat parser feeding ``handler``, with every way to declare an entity refused."""
    parser = expat.ParserCreate(namespace_separator="}")
    start, end, text = handler.start, handler.end, handler.text

    def on_start(name: str, attrs: dict[str, str]) -> None:
        start(name.rpartition("}")[2], attrs)

    def on_end(name: str) -> None:
        end(name.rpartition("}")[2])

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    parser.buffer_size = 1 << 20
    # A DTD is where entities are declared; spreadsheets never write one. Refusing it at its
    # first token means no entity can exist, so none can expand or point outside the file.
    refuse: Callable[..., None] = _refuse_dtd
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser
