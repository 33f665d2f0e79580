"""A broker's CSV as text: its encoding, its delimiter, its numbers and dates.

Exports from Chinese and Hong Kong brokers arrive in GB18030/GBK or Big5 as
often as in UTF-8, from Excel as UTF-16, with ``;`` or tab delimiters,
thousands separators inside quotes and full-width digits. The encoding is
found by its byte-order mark, then by trying UTF-8, then by
charset-normalizer (a maintained detector, already installed with requests;
guessing between GB18030 and Big5 by hand is exactly what it exists for),
offered only the encodings such files use.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# What a detector may answer: the encodings brokers and spreadsheets here write.
CANDIDATES = ("utf_8", "gb18030", "big5", "utf_16", "cp1252")
DELIMITERS = (",", ";", "\t")


class TextError(ValueError):
    """The file, or one value in it, cannot be read; the message says why."""


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read with (a BOM dropped)."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise TextError(f"encoding '{encoding}' is not one Python knows (e.g. utf-8, gb18030, big5)") from None
        return _strict(data, codec), codec
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, codec).removeprefix("\ufeff"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        raise TextError("is not text in an encoding we can recognise (save it as CSV UTF-8, "
                        "or name the encoding in the mapping)")
    return str(best), best.encoding


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TextError(f"line {line} is not {codec} text") from None


def delimiter(text: str, given: str | None = None) -> str:
    """The delimiter named, or the one of ``, ; tab`` the header line uses most (outside quotes)."""
    if given:
        return "\t" if given in ("\\t", "tab") else given
    first = next(iter(text.splitlines()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def rows(text: str, delim: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of every non-blank row; a quoted cell may span lines."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delim)
    out = []
    start = 1
    for cells in reader:
        if any(c.strip() for c in cells):
            out.append((start, cells))
        start = reader.line_num + 1
    return out


def number(text: str, *, decimal: str = ".", thousands: str | None = None) -> Decimal:
    """A number as a broker writes it: full-width digits and signs, a thousands
    separator, a decimal comma, a currency sign or a trailing ``%`` removed."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = cleaned.replace("\u2212", "-")  # the minus sign some spreadsheets write
    if thousands:
        cleaned = cleaned.replace(thousands, "")
    elif decimal == ".":
        cleaned = re.sub(r"(?<=\d),(?=\d{3}\b)", "", cleaned)
    if decimal != ".":
        cleaned = cleaned.replace(decimal, ".")
    cleaned = cleaned.replace(" ", "")
    negative = cleaned.startswith("(") and cleaned.endswith(")")  # accountants' (12.50)
    cleaned = re.sub(r"^[^\d+\-.]+|[^\d.]+$", "", cleaned.strip("()"))
    if negative:
        cleaned = "-" + cleaned
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise TextError(f"'{text.strip()[:40]}' is not a number") from None
    if not value.is_finite():
        raise TextError(f"'{text.strip()[:40]}' is not a number")
    if out_of_range(value):
        raise TextError(f"'{text.strip()[:40]}' is out of range (at most 15 digits before the point and 10 after)")
    return value


def out_of_range(value: Decimal) -> bool:
    """A number no holding has (``1e999999999``): writing it out in digits would
    overflow the decimal context or take gigabytes. Finer checks follow."""
    return bool(value) and not -30 <= value.adjusted() <= 30


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def date(text: str, formats: tuple[str, ...] = ()) -> dt.date:
    """A date in one of ``formats`` (strptime), else ISO (a time after it is
    ignored); full-width digits are read as digits."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for fmt in formats:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    iso = _ISO.match(cleaned)
    if iso and (len(cleaned) == iso.end() or cleaned[iso.end()] in "T ;"):
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            pass
    wanted = " or ".join([*formats, "YYYY-MM-DD"])
    raise TextError(f"'{cleaned[:40]}' is not a date in the form {wanted}")
