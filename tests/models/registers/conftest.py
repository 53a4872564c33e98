"""The registers' tests take the office's people from the service tests (``people``)."""
from __future__ import annotations

from tests.models.service.conftest import people  # noqa: F401  (the fixture, for every test here)
