"""Event figures against the reference: 3場 法拍會 with 1,773人次 and 393萬118元, 14場 法治教育宣導,
the four 愛心社捐款 rows and the two 捐血 rows (35人次 9,000cc; 41人次 10,250cc).

The reference prints 法拍會 and 法治教育宣導 as totals only; the events below split them as the
demo does, and the sums must give the printed totals back. The other sums are by hand:
6,600 + 6,000 + 5,000 + 5,000 = 22,600; 35 + 41 = 76; 9,000 + 10,250 = 19,250.
"""
from __future__ import annotations

import datetime as dt

import pytest

from reports.figures.events import EventFigure, EventKindSpec, EventsFigures, FigureSpec, events_summary

KINDS = [
    EventKindSpec("法拍會", (FigureSpec("場次", True), FigureSpec("人次", True), FigureSpec("拍變賣價金", True, money=True))),
    EventKindSpec("法治教育宣導", (FigureSpec("場次", True),)),
    EventKindSpec("愛心社捐款", (FigureSpec("受贈單位", False), FigureSpec("金額", True, money=True))),
    EventKindSpec("替代役公益", (FigureSpec("次數", True), FigureSpec("人次", True), FigureSpec("受服務人次", True))),
    EventKindSpec("捐血", (FigureSpec("人次", True), FigureSpec("cc", True))),
]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


REFERENCE_EVENTS = [
    EventFigure(day("2017-01-01"), True, "愛心社捐款", "愛心社捐款", (("受贈單位", "財團法人華山社會福利慈善基金會"), ("金額", 6600))),
    EventFigure(day("2017-01-25"), False, "捐血", "捐血活動", (("人次", 35), ("cc", 9000))),
    EventFigure(day("2017-02-23"), False, "法拍會", "黃昏市集", (("場次", 1), ("人次", 512), ("拍變賣價金", 1_208_560))),
    EventFigure(day("2017-03-01"), True, "愛心社捐款", "愛心社捐款", (("受贈單位", "社團法人台南市脊髓損傷者協會"), ("金額", 6000))),
    EventFigure(day("2017-04-20"), False, "法拍會", "黃昏市集", (("場次", 1), ("人次", 598), ("拍變賣價金", 1_342_908))),
    EventFigure(day("2017-04-27"), False, "捐血", "捐血活動", (("人次", 41), ("cc", 10250))),
    EventFigure(day("2017-06-01"), True, "愛心社捐款", "愛心社捐款", (("受贈單位", "勵馨社會福利事業基金會"), ("金額", 5000))),
    EventFigure(day("2017-06-01"), True, "愛心社捐款", "愛心社捐款", (("受贈單位", "朝興基金會"), ("金額", 5000))),
    EventFigure(day("2017-06-15"), False, "法拍會", "黃昏市集", (("場次", 1), ("人次", 663), ("拍變賣價金", 1_378_650))),
    *(EventFigure(day("2017-03-08") + dt.timedelta(weeks=n), False, "法治教育宣導", "宣導", (("場次", 1),)) for n in range(14)),
]


def sums(figures: EventsFigures) -> dict[str, dict[str, int]]:
    return {kind.name: {figure.name: total for figure, total in kind.sums} for kind in figures.kinds}


def test_the_reference_period() -> None:
    figures = events_summary(KINDS, REFERENCE_EVENTS)
    assert sums(figures) == {
        "法拍會": {"場次": 3, "人次": 1773, "拍變賣價金": 3930118},
        "法治教育宣導": {"場次": 14},
        "愛心社捐款": {"金額": 22600},  # a text (受贈單位) adds up to nothing: it is read from the list
        "替代役公益": {"次數": 0, "人次": 0, "受服務人次": 0},
        "捐血": {"人次": 76, "cc": 19250},
    }
    assert [len(kind.events) for kind in figures.kinds] == [3, 14, 4, 0, 2]
    assert figures.kind("法拍會").sum("拍變賣價金") == 3930118
    donations = figures.kind("愛心社捐款").events
    assert [(event.day.month, event.value("受贈單位"), event.value("金額")) for event in donations] == [
        (1, "財團法人華山社會福利慈善基金會", 6600), (3, "社團法人台南市脊髓損傷者協會", 6000),
        (6, "勵馨社會福利事業基金會", 5000), (6, "朝興基金會", 5000),
    ]
    blood = figures.to_json()["kinds"]["捐血"]
    assert blood == {"events": 2, "figures": {"人次": 76, "cc": 19250}, "list": [
        {"date": "2017-01-25", "month_only": False, "title": "捐血活動", "values": {"人次": 35, "cc": 9000}},
        {"date": "2017-04-27", "month_only": False, "title": "捐血活動", "values": {"人次": 41, "cc": 10250}},
    ]}


def test_an_empty_register_lists_every_kind_with_zeros() -> None:
    assert events_summary(KINDS, []).to_json() == {"kinds": {
        "法拍會": {"events": 0, "figures": {"場次": 0, "人次": 0, "拍變賣價金": 0}, "list": []},
        "法治教育宣導": {"events": 0, "figures": {"場次": 0}, "list": []},
        "愛心社捐款": {"events": 0, "figures": {"金額": 0}, "list": []},
        "替代役公益": {"events": 0, "figures": {"次數": 0, "人次": 0, "受服務人次": 0}, "list": []},
        "捐血": {"events": 0, "figures": {"人次": 0, "cc": 0}, "list": []},
    }}


def test_a_figure_an_event_lacks_counts_zero() -> None:
    """A figure added to a kind after its first events were recorded: those read blank."""
    kind = EventKindSpec("捐血", (FigureSpec("人次", True), FigureSpec("cc", True), FigureSpec("袋數", True)))
    events = [
        EventFigure(day("2017-01-25"), False, "捐血", "捐血", (("人次", 35), ("cc", 9000))),
        EventFigure(day("2017-04-27"), False, "捐血", "捐血", (("人次", 41), ("cc", 10250), ("袋數", 41))),
    ]
    assert sums(events_summary([kind], events)) == {"捐血": {"人次": 76, "cc": 19250, "袋數": 41}}
    assert events_summary([kind], events).to_json()["kinds"]["捐血"]["list"][0]["values"] == {"人次": 35, "cc": 9000}


def test_an_event_of_an_undeclared_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="園遊會"):
        events_summary(KINDS, [EventFigure(day("2017-01-02"), False, "園遊會", "園遊會", ())])
    with pytest.raises(KeyError):
        events_summary(KINDS, []).kind("園遊會")
    with pytest.raises(KeyError):
        events_summary(KINDS, []).kind("愛心社捐款").sum("受贈單位")
