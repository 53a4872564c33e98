"""What the register tests share: the office's people, the service tests' ``people`` fixture."""
from __future__ import annotations

from tests.models.service.conftest import people  # noqa: F401 (a fixture: pytest finds it here)
