"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, legacy code pages (cp1252, Arabic cp1256) via
charset-normalizer; never raises, and tells binary data apart from text."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
    b"SQLite format 3", b"RIFF", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"\xfd7zXZ", b"7z\xbc\xaf",
)
_SAMPLE = 8192


class BinaryData(ValueError):
    """The bytes are not text (an image, an archive, an executable...)."""


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text of mostly ASCII/Latin/Arabic has NULs (or one constant high byte) on one parity."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if any(sample.startswith(magic) for magic in _BINARY_MAGIC):
        return True
    if b"\x00" in sample and _utf16_without_bom(sample) is None:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.05 * max(len(sample), 1)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding). Raises ``BinaryData`` for non-text bytes; otherwise never fails
    (undecodable bytes become U+FFFD and the encoding is reported with '+replace')."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data[:_SAMPLE])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if looks_binary(data):
        raise BinaryData("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _guess_legacy(data)
    try:
        return data.decode(guess), guess
    except (UnicodeDecodeError, LookupError):
        return data.decode("utf-8", errors="replace"), "utf-8+replace"


# Legacy code pages news text comes in. Central-European cp1250 is left out on purpose: on short
# Western text it ties with cp1252 and turns "naïve" into "naďve".
_LEGACY = ["cp1252", "cp1256", "cp1251", "cp1254", "cp1253", "cp1255", "koi8_r", "gb18030", "big5", "shift_jis", "euc_kr", "cp1257", "cp1258"]


def _guess_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported lazily: most input is UTF-8

    best = from_bytes(data[: 1 << 20], cp_isolation=_LEGACY).best()
    return best.encoding if best is not None else "cp1252"
