"""Every figure of one period in one typed value: what `stats` prints and the report reads.

Later parts of the report (petitions, registers…) add their figures here as fields.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.rocdate import Period
from reports.figures.courtesy import CourtesyFigures
from reports.figures.events import EventsFigures
from reports.figures.monthly import MonthlyFigures, PaymentChannelFigures
from reports.figures.petitions import PetitionFigures
from reports.figures.service import ServiceCentreFigures
from reports.figures.survey import SurveyFigures
from reports.figures.training import TrainingFigures


@dataclass(frozen=True)
class PeriodFigures:
    period: Period
    survey: SurveyFigures
    service_centre: ServiceCentreFigures
    petitions: PetitionFigures
    monthly_figures: MonthlyFigures
    payment_channels: PaymentChannelFigures
    phone_courtesy: CourtesyFigures
    training: TrainingFigures
    events: EventsFigures

    def to_json(self) -> dict[str, Any]:
        """The shape of ``main.py stats --json``: period, survey, service_centre, then the
        registers' keys, in that order."""
        return {
            "period": self.period.to_json(),
            "survey": self.survey.to_json(),
            "service_centre": self.service_centre.to_json(),
            "petitions": self.petitions.to_json(),
            "monthly_figures": self.monthly_figures.to_json(),
            "payment_channels": self.payment_channels.to_json(),
            "phone_courtesy": self.phone_courtesy.to_json(),
            "training": self.training.to_json(),
            "events": self.events.to_json(),
        }
