"""Every table of the current program, for the migration check (models and migrations must agree)."""
from __future__ import annotations

from models.audit import AuditEntry
from models.questionnaire import QuestionItem, Questionnaire, QuestionOption
from models.service import ServiceCategory, ServiceEvent
from models.settings import Setting
from models.surveys import SurveyAnswer, SurveyBatch, SurveyResponse
from models.users import User

ALL_MODELS = [
    User,
    AuditEntry,
    Setting,
    Questionnaire,
    QuestionItem,
    QuestionOption,
    SurveyBatch,
    SurveyResponse,
    SurveyAnswer,
    ServiceCategory,
    ServiceEvent,
]
