"""The import service's words for skipped rows, in the window's language.

The service counts skipped rows in English ("skipped: 1 option trade (OPT),
2 deposits or withdrawals"; a row's reason "option trade (OPT)"), built from
``input.brokers.common.SKIP_KINDS``. Here each kind has a translated name;
a text that is not made of known kinds, or a language without these
translations (English), is shown as the service gave it."""

from __future__ import annotations

import re

from desktop_app.input.brokers.common import SKIP_KINDS
from desktop_app.ui.text.i18n import translate

_UNMAPPED = r"'(.*)' is not in the mapping's types(?: \(.*\))?"
_PART = re.compile(r"(\d+) ([^,(]+?)(?: \(([^()]*)\))?(?:, |$)")


def _names() -> dict[str, str]:
    """Each kind's English words, one and many -> its translated name."""
    names = {
        "option": translate("ImportSkips", "option trade"),
        "future": translate("ImportSkips", "futures trade"),
        "forex": translate("ImportSkips", "forex conversion"),
        "other_asset": translate("ImportSkips", "trade of another asset class"),
        "cash": translate("ImportSkips", "deposit or withdrawal"),
        "interest": translate("ImportSkips", "interest payment"),
        "fee": translate("ImportSkips", "fee"),
        "tax": translate("ImportSkips", "tax payment"),
        "liability": translate("ImportSkips", "liability"),
        "transfer_out": translate("ImportSkips", "holding moved out"),
        "other_cash": translate("ImportSkips", "other cash movement"),
        "cancelled": translate("ImportSkips", "cancelled trade"),
        "repeated": translate("ImportSkips", "row the file lists again"),
        "item": translate("ImportSkips", "valuable item"),
        "cash_symbol": translate("ImportSkips", "cash holding row"),
        "by_mapping": translate("ImportSkips", "row the mapping skips"),
    }
    out = {}
    for kind, (one, many) in SKIP_KINDS.items():
        if kind in names and names[kind] != one:  # translated
            out[one] = out[many] = names[kind]
    return out


def _named(name: str, detail: str | None) -> str:
    return translate("ImportSkips", "%1 (%2)").replace("%1", name).replace("%2", detail) if detail else name


def skip_reason(text: str) -> str:
    """A skipped row's reason ("option trade (OPT)") in the window's language."""
    found = re.fullmatch(r"([^(]+?)(?: \(([^()]*)\))?", text)
    names = _names()
    if not found or found.group(1) not in names:
        return text
    return _named(names[found.group(1)], found.group(2))


def skipped_line(text: str) -> str:
    """The count of skipped rows ("skipped: 1 option trade (OPT), …") in the window's language."""
    if not text.startswith("skipped: "):
        return text
    rest = text.removeprefix("skipped: ")
    names = _names()
    parts = []
    for found in _PART.finditer(rest):
        if found.group(2) not in names:
            return text
        parts.append(translate("ImportSkips", "%1 × %2").replace("%1", found.group(1))
                     .replace("%2", _named(names[found.group(2)], found.group(3))))
    if not parts or sum(len(m.group(0)) for m in _PART.finditer(rest)) != len(rest):
        return text
    return translate("ImportSkips", "Skipped: %1").replace("%1", translate("ImportSkips", ", ").join(parts))


def mapping_problem(message: str) -> str:
    """A problem a mapped CSV's reader names (input.brokers.mapping / text), in
    the window's language: an unmapped type word, a value that is not a number
    or a date, a column the file lacks, the text's line one encoding cannot
    read. Anything else as given."""
    patterns = (
        (_UNMAPPED,
         translate("ImportSkips", "'%1' has no meaning yet: choose one on the Types tab")),
        (r"'(.*)' is not a number", translate("ImportSkips", "'%1' is not a number")),
        (r"'(.*)' is not a date in the form (.*)", translate("ImportSkips", "'%1' is not a date in the form %2")),
        (r"the mapping names column '(.*)', which the file does not have \(its header: .*\)",
         translate("ImportSkips", "the file has no column '%1'")),
        (r"line (\d+) is not (.*) text", translate("ImportSkips", "line %1 is not %2 text: choose another encoding")),
    )
    for pattern, text in patterns:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            for i, value in enumerate(found.groups(), 1):
                text = text.replace(f"%{i}", value)
            return text
    return message


def unmapped_types(errors) -> list[str]:
    """The type words a mapped CSV's problems name as not in the mapping, once each."""
    words: dict[str, None] = {}
    for e in errors:
        found = re.fullmatch(_UNMAPPED, e.message, re.S) if e.code == "mapping" else None
        if found:
            words.setdefault(found.group(1), None)
    return list(words)


def import_note(note: str) -> str:
    """A note an import gives (``services.broker_import``, the IBKR and
    Wealthfolio readers) in the window's language; anything else as given.
    The English templates are the notes' own words, so English is unchanged."""
    patterns = (
        (r"the file cancels (.+) \((.+)\): the stored trade is removed",
         translate("ImportSkips", "the file cancels %1 (%2): the stored trade is removed")),
        (r"the file cancels (.+), which is not in the ledger: nothing to remove",
         translate("ImportSkips", "the file cancels %1, which is not in the ledger: nothing to remove")),
        (r"line (\d+): a cancellation of (.+) on (\S+) matches no trade in the file; nothing removed",
         translate("ImportSkips", "line %1: a cancellation of %2 on %3 matches no trade in the file; nothing "
                                  "removed")),
        (r"symbol (.+) on (.+) is not mapped to a Yahoo symbol; kept as (.+)",
         translate("ImportSkips", "symbol %1 on %2 is not mapped to a Yahoo symbol; kept as %3")),
        (r"line (\d+): Withholding Tax of (\S+) on (.+) (\S+) matches no dividend in this file: not applied "
         r"\(if that dividend is in the ledger, edit its fees\)",
         translate("ImportSkips", "line %1: Withholding Tax of %2 on %3 %4 matches no dividend in this file: not "
                                  "applied (if that dividend is in the ledger, edit its fees)")),
        (r"line (\d+): the dividend (.+) \((.+) (\S+)\) is in the ledger with fees (\S+); the file gives (\S+) "
         r"\(its withholding tax\): not applied, edit the stored dividend's fees",
         translate("ImportSkips", "line %1: the dividend %2 (%3 %4) is in the ledger with fees %5; the file gives "
                                  "%6 (its withholding tax): not applied, edit the stored dividend's fees")),
        (r"holdings moved out \(TRANSFER_OUT, REMOVE_HOLDING\) were skipped: those holdings will differ from "
         r"Wealthfolio's",
         translate("ImportSkips", "holdings moved out (TRANSFER_OUT, REMOVE_HOLDING) were skipped: those holdings "
                                  "will differ from Wealthfolio's")),
    )
    for pattern, text in patterns:
        found = re.fullmatch(pattern, note, re.S)
        if found:
            return re.sub(r"%([1-9])", lambda m: found.group(int(m.group(1))), text)
    return note

