"""The kinds of survey item, in a module of their own so the pure statistics can share
them with the questionnaire without importing the storage layer."""
from __future__ import annotations

SATISFACTION = "satisfaction"  # 非常滿意 … 非常不滿意: 滿意度 = the top two options
DURATION = "duration"  # time buckets: 15分以內所占%, shares and the average minutes
