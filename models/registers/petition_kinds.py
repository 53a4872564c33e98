"""A petition's fixed choices (SPEC §2.3) and the plain facts its figures read, in a module of
their own so the pure figures (reports/figures/petitions.py) share them with the register
without importing the storage layer."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# (stored code, words), in the reference report's column order.
CHANNELS = (("oral", "口頭"), ("written", "書面"), ("phone", "電話"), ("email", "電子郵件"), ("other", "其他"))
# The four kinds of 行政程序法 art. 168, and 其他.
CATEGORIES = (
    ("proposal", "行政興革建議"),
    ("inquiry", "行政法令查詢"),
    ("misconduct", "行政違失舉發"),
    ("rights", "行政權益維護"),
    ("other", "其他"),
)
MAILBOXES = (("public", "民意信箱"), ("integrity", "廉政信箱"))  # or none (NULL)
REPLY_METHODS = (("written", "書面"), ("email", "電子郵件"), ("phone", "電話"), ("in_person", "當面"), ("other", "其他"))
# Blank (NULL) until known. 有效樣本 = 滿意 + 不滿意 + 尚可: 無明確反應 is counted, but says nothing.
SATISFACTIONS = (("satisfied", "滿意"), ("dissatisfied", "不滿意"), ("fair", "尚可"), ("no_response", "無明確反應"))
VALID_SATISFACTIONS = ("satisfied", "dissatisfied", "fair")
OTHER = "other"  # both CHANNELS and CATEGORIES end with 其他


@dataclass(frozen=True)
class PetitionFact:
    """What the figures read of one live case: dates and choices, never its text."""

    received_on: dt.date
    channel: str
    category: str
    due_on: dt.date
    closed_on: dt.date | None
    reply_satisfaction: str | None
