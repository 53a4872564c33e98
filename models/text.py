"""What typed text may hold: one rule for digits and one for names, used by every parser.

Python's ``int()``, ``str.isdecimal()`` and ``re``'s ``\\d`` accept the digits of every script
(Arabic-Indic ٣, Thai ๓, mathematical 𝟏), and NFKC turns circled ① and superscript ³ into 1
and 3, so "١٠٦/٠١/٢٥" or "③⓪⓪" would pass as a date or an amount nobody at the desk typed.
Here a digit is an ASCII digit or the full-width one a Chinese input method types; anything
else that is a digit to Unicode is refused with a message. Text is capped before any
conversion, so a pasted page never reaches ``int()`` (which refuses 4,300+ digits with an
English traceback).

Pure standard library: the date parser and the migrations use it without Qt.
"""
from __future__ import annotations

import re
import unicodedata

from models.errors import ValidationError

ASCII_DIGITS = frozenset("0123456789")
# Full-width forms U+FF01–U+FF5E are ASCII U+0021–U+007E typed through an input method;
# the ideographic space is the full-width space.
_FOLD_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Characters that draw nothing (or nothing on their own) yet make two names differ.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_INVISIBLE_EXTRA = frozenset(
    [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation (０–９, ／, －, ＃ …) as ASCII."""
    return text.translate(_FOLD_WIDTH)


def foreign_digit(text: str) -> str | None:
    """The first character that Unicode calls a digit but is not 0–9 (after folding widths)."""
    return next((ch for ch in fold_width(text) if ch.isdigit() and ch not in ASCII_DIGITS), None)


def is_ascii_number(text: str) -> bool:
    """Only 0–9 and at least one of them (``str.isdecimal`` also passes ٣ and ๓)."""
    return bool(text) and all(ch in ASCII_DIGITS for ch in text)


def plain_input(text: str | None, *, label: str, max_length: int, field: str | None = None) -> str:
    """Typed text a parser reads numbers from: widths folded, trimmed, capped, foreign digits
    refused. The messages name ``label`` (日期, 金額 …) and point at ``field``."""
    text = fold_width(text or "").strip()
    if len(text) > max_length:
        raise ValidationError(f"{label}太長了（最多 {max_length} 個字），請確認是否打錯。", field=field)
    if (ch := foreign_digit(text)) is not None:
        raise ValidationError(f"{label}裡的「{ch}」不是 0–9 的數字；數字請用半形或全形的 0 到 9。", field=field)
    return text


def invisible_character(text: str) -> str | None:
    """The first character that shows nothing (zero-width space, BOM, soft hyphen, bidi
    controls, line separators, variation selectors …), or None."""
    for ch in text:
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ord(ch) in _INVISIBLE_EXTRA:
            return ch
    return None


def clean_name(text: str | None, *, label: str, max_length: int, field: str = "name") -> str:
    """A name people pick from a list: NFKC (so ｗ and w, ① and 1 cannot make two look-alike
    names), spaces of every kind tidied to one, nothing invisible, digits 0–9 only."""
    text = _typed_text(text, label=label, max_length=max_length, field=field)  # before NFKC, which would make ① a 1
    core = unicodedata.normalize("NFKC", text).strip()
    if not core:
        raise ValidationError(f"請輸入{label}。", field=field)
    _refuse_invisible(core, label=label, field=field)  # a tab or line break inside counts too
    name = " ".join(core.split())  # NFKC made no-break and wide spaces plain ones
    if len(name) > max_length:
        raise ValidationError(f"{label}最多 {max_length} 個字。", field=field)
    return name


def clean_line(text: str | None, *, label: str, max_length: int, field: str) -> str:
    """One line of free text (a course title, an event's recipient): spaces of every kind tidied
    to one, nothing invisible, digits 0–9 only; "" when nothing was typed. Unlike a name it is
    not NFKC-normalised: a title keeps its full-width ：（）, as the report prints it."""
    line = " ".join(_typed_text(text, label=label, max_length=max_length, field=field).split())
    _refuse_invisible(line, label=label, field=field)  # tabs and line breaks became spaces above
    if len(line) > max_length:
        raise ValidationError(f"{label}最多 {max_length} 個字。", field=field)
    return line


def clean_text(text: str | None, *, label: str, max_length: int, field: str) -> str:
    """Free text of several lines (a petition's summary, a paragraph of the report): line
    breaks kept as ``\n``, spaces and blank lines at either end and at the ends of lines
    dropped, nothing invisible, digits 0–9 only; "" when nothing was typed. Not
    NFKC-normalised: the text keeps its full-width ，：（）, as it is printed."""
    typed = _typed_text(text, label=label, max_length=max_length, field=field)
    # Only \r and \n break a line: \u2028, \x0b and the like are refused below as invisible.
    lines = [line.rstrip() for line in re.split(r"\r\n?|\n", typed.strip())]
    paragraph = "\n".join(lines)
    if len(paragraph) > max_length:
        raise ValidationError(f"{label}最多 {max_length} 個字（現在 {len(paragraph)} 個字）。", field=field)
    for line in lines:  # line breaks are allowed; a tab or a zero-width space is not
        _refuse_invisible(line, label=label, field=field)
    return paragraph


def _typed_text(text: str | None, *, label: str, max_length: int, field: str) -> str:
    """Text as typed, refused when far too long (a pasted page) or holding digits of another script."""
    text = text or ""
    if len(text) > 4 * max_length:  # no need to look closer
        raise ValidationError(f"{label}最多 {max_length} 個字。", field=field)
    if (ch := foreign_digit(text)) is not None:
        raise ValidationError(f"{label}裡的「{ch}」不是 0–9 的數字；數字請用半形或全形的 0 到 9。", field=field)
    return text


def _refuse_invisible(text: str, *, label: str, field: str) -> None:
    if (ch := invisible_character(text)) is not None:
        raise ValidationError(
            f"{label}裡有看不見的字元（U+{ord(ch):04X}），可能是從別處貼上的；請刪除後重新輸入。", field=field
        )
