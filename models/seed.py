"""Data a new database starts with (after the schema migrations)."""
from __future__ import annotations

from models.db import db
from models.questionnaire import Questionnaire, seed_standard_questionnaire


def ensure_seed_data() -> None:
    with db.atomic():
        if not Questionnaire.select().exists():
            seed_standard_questionnaire()
