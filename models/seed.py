"""Data a new database starts with (after the schema migrations)."""
from __future__ import annotations

from models.db import db
from models.questionnaire import Questionnaire, seed_standard_questionnaire
from models.service import ServiceCategory, seed_standard_categories


def ensure_seed_data() -> None:
    # Checked before any transaction: most opens write nothing and need no write lock.
    if not Questionnaire.select().exists():
        with db.atomic():
            seed_standard_questionnaire()
    if not ServiceCategory.select().exists():
        with db.atomic():
            seed_standard_categories()
