"""Figures as the report prints them: 1,729,838元 in tables, 172萬9,838元 in sentences; and
the column headers of a category, broken between words, as the month grid shows them."""
from __future__ import annotations

from reports.document import Cell, CellKind

# A category name in a column header is broken into lines of about this many characters,
# so nine categories, their totals and the day labels fit across a 1366-pixel screen and
# across the printed monthly form.
HEADER_LINE_CHARS = 4
NO_FIGURE = "—"  # SPEC §3: an empty denominator prints a dash, never a division error
_UNITS = ((100_000_000, "億"), (10_000, "萬"))


def grouped(n: int) -> str:
    """1729838 → 1,729,838."""
    return f"{n:,}"


def money(n: int) -> str:
    """A table's or a list's amount: 1,729,838元."""
    return f"{grouped(n)}元"


def money_in_words(n: int) -> str:
    """An amount in a sentence, as officials write it: 6億2,059萬2,791元, 172萬9,838元.

    A 零 stands where a unit is skipped or a group is short of its four digits, so 1萬零500元
    (10,500) cannot be read as 1萬5 (15,000).
    """
    if n < 0:
        raise ValueError("an amount in words is never negative")
    if n < 10_000:
        return money(n)
    parts: list[str] = []
    rest = n
    gap = False  # a unit was passed over, or the group before it was short
    for size, unit in _UNITS:
        group, rest = divmod(rest, size)
        if group:
            if parts and (gap or group < 1000):
                parts.append("零")
            parts.append(f"{grouped(group)}{unit}")
            gap = False
        elif parts:
            gap = True
    if rest:
        if gap or rest < 1000:
            parts.append("零")
        parts.append(grouped(rest))
    return "".join(parts) + "元"


def cell_text(value: Cell, kind: CellKind) -> str:
    """A cell as printed: counts and amounts grouped by thousands, percentages as computed."""
    if value is None:
        return NO_FIGURE
    if isinstance(value, int) and kind in (CellKind.COUNT, CellKind.MONEY):
        return grouped(value)
    return str(value)


def wrap_name(name: str, width: int = HEADER_LINE_CHARS) -> str:
    """Break a name into short lines for a narrow column header, at places a reader expects.

    Chinese has no spaces to break at, so the breaks follow the shape of the usual names:

    * a parenthesised part starts a line of its own and is wrapped inside its brackets:
      其他服務／(殘障人士／服務);
    * a space, when the name has one (a Latin word is never cut), and a joining word,
      which starts a line: 停車導引／及管制服務;
    * otherwise lines of ``width`` characters. Two-character words are the rule, so a run
      of even length is cut at even places (總機電話／服務, 受理現場／查詢案件) and an odd one
      is balanced with its shorter line first (查封車／看車服務, 中午輪值／不打烊收款); a line
      may be one character longer than ``width`` rather than leave a character on its own.
    """
    name = name.strip()
    width = max(width, 2)
    if len(name) <= width + 1:
        return name
    opening = next((n for n, char in enumerate(name) if char in "(（"), -1)
    if opening > 0:
        return f"{wrap_name(name[:opening], width)}\n{wrap_name(name[opening:], width)}"
    if opening == 0 and name[-1] in ")）":
        return f"{name[0]}{wrap_name(name[1:-1], width)}{name[-1]}"
    if " " in name:  # a name typed with spaces (or in Latin letters) breaks at the middle one
        spaces = [n for n, char in enumerate(name) if char == " "]
        middle = min(spaces, key=lambda n: abs(2 * n - len(name)))
        return f"{wrap_name(name[:middle], width)}\n{wrap_name(name[middle + 1 :], width)}"
    if name.isascii():
        return name  # one Latin word is not cut; its column is a little wider instead
    joint = next((n for n, char in enumerate(name) if char in "及與、" and 2 <= n <= len(name) - 2), -1)
    if joint > 0:
        return f"{wrap_name(name[:joint], width)}\n{wrap_name(name[joint:], width)}"
    if len(name) % 2 == 0:
        size = width - width % 2
        return "\n".join(name[start : start + size] for start in range(0, len(name), size))
    lines = -(-len(name) // (width + 1))
    short, longer = divmod(len(name), lines)  # ``longer`` lines get one character more, at the end
    sizes = [short] * (lines - longer) + [short + 1] * longer
    starts = [sum(sizes[:n]) for n in range(lines)]
    return "\n".join(name[start : start + size] for start, size in zip(starts, sizes, strict=True))


def category_header(code: str, name: str, line_chars: int = HEADER_LINE_CHARS) -> str:
    """Code on the first line, the name below wrapped to lines of ``line_chars``: a grid or
    table column header (a screen in large print asks for shorter lines)."""
    return f"{code}\n{wrap_name(name, line_chars)}"
