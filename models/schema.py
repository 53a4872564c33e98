"""Every table of the current program: for the migration check (models and migrations must agree),
and to find the model an audit row's table name stands for."""
from __future__ import annotations

from models.accounts import User
from models.audit import AuditEntry
from models.base import BaseModel
from models.registers.courtesy import CourtesyTest
from models.registers.events import Event, EventKind
from models.registers.followups import FollowUp
from models.registers.monthly import MonthlyFigure, MonthlyFigureValue, PaymentChannelPair, PaymentChannelValue
from models.registers.petitions import Petition
from models.registers.training import TrainingSession
from models.report_texts import ReportText
from models.service.categories import ServiceCategory
from models.service.counts import ServiceEvent
from models.settings import Setting
from models.survey.forms import SurveyAnswer, SurveyBatch, SurveyResponse
from models.survey.questionnaire import QuestionItem, Questionnaire, QuestionOption

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
    Petition,
    MonthlyFigure, PaymentChannelPair, MonthlyFigureValue, PaymentChannelValue,
    CourtesyTest,
    TrainingSession,
    EventKind,
    Event,
    FollowUp,
    ReportText,
]


def model_for_table(table_name: str) -> type[BaseModel] | None:
    """The model stored in ``table_name`` (an audit row names its record's table), or None."""
    return next((model for model in ALL_MODELS if model._meta.table_name == table_name), None)
