"""Data a new database starts with (after the schema migrations)."""
from __future__ import annotations

from models.db import db
from models.registers.events import EventKind, seed_standard_kinds
from models.registers.monthly import MonthlyFigure, PaymentChannelPair, seed_standard_figures, seed_standard_pairs
from models.service.categories import ServiceCategory, seed_standard_categories
from models.survey.questionnaire import Questionnaire, seed_standard_questionnaire


def ensure_seed_data() -> None:
    # Looked at first without a transaction (most opens write nothing and need no write
    # lock), then again inside it, so two PCs opening a new database seed it once.
    seeds = (
        (Questionnaire, seed_standard_questionnaire),
        (ServiceCategory, seed_standard_categories),
        (MonthlyFigure, seed_standard_figures),
        (PaymentChannelPair, seed_standard_pairs),
        (EventKind, seed_standard_kinds),
    )
    for model, seed in seeds:
        if not model.select().exists():
            with db.atomic():
                if not model.select().exists():
                    seed()
