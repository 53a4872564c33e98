"""The kinds of survey item, in a module of their own so the pure statistics can share
them with the questionnaire without importing the storage layer."""
from __future__ import annotations

SATISFACTION = "satisfaction"  # 非常滿意 … 非常不滿意: 滿意度 = the top two options
DURATION = "duration"  # time buckets: 15分以內所占%, shares and the average minutes

# The reference report's own formula for the average time of item K:
# (5×n₁÷2 + (5+15)×n₂÷2 + (15+30)×n₃÷2 + (30+60)×n₄÷2 + 60×n₅÷2) ÷ 有效樣本.
REFERENCE_DURATION_WEIGHTS = ("2.5", "10", "22.5", "45", "30")
