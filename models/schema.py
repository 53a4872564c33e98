"""Every table of the current program, for the migration check (models and migrations must agree)."""
from __future__ import annotations

from models.audit import AuditEntry
from models.survey.questionnaire import QuestionItem, Questionnaire, QuestionOption
from models.service.categories import ServiceCategory
from models.service.counts import ServiceEvent
from models.settings import Setting
from models.survey.forms import SurveyAnswer, SurveyBatch, SurveyResponse
from models.accounts import User

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
