"""The real command line, in a subprocess: the demo's service-centre counts against the reference.

Names, 人次 and 金額 come from tests/data/106H1-figures.json; months and the year must add up
with the half year, category by category.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = json.loads((Path(__file__).parent / "data" / "106H1-figures.json").read_text(encoding="utf-8"))
COUNTS = REFERENCE["service_centre_counts"]  # name → 人次, or {count, amount} for G
MONTHS = [f"106/{month:02d}" for month in range(1, 7)]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-service") / "demo.db"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return path


@pytest.fixture(scope="module")
def stats_of(demo_db: Path):
    cache: dict[str, dict] = {}

    def stats(period: str) -> dict:
        if period not in cache:
            result = run("--db", str(demo_db), "stats", "--period", period, "--json")
            assert result.returncode == 0, result.stderr
            assert result.stderr == ""
            cache[period] = json.loads(result.stdout)
        return cache[period]

    return stats


def test_every_category_in_the_reference_order(stats_of) -> None:
    service = stats_of("106H1")["service_centre"]
    assert list(service["categories"]) == list("ABCDEFGHI")
    assert [entry["name"] for entry in service["categories"].values()] == list(COUNTS)


@pytest.mark.parametrize("code, name", list(zip("ABCDEFGHI", COUNTS)))
def test_each_category_matches_the_reference(stats_of, code: str, name: str) -> None:
    entry = stats_of("106H1")["service_centre"]["categories"][code]
    expected = COUNTS[name]
    assert entry["name"] == name
    if isinstance(expected, dict):
        assert (entry["count"], entry["amount"]) == (expected["count"], expected["amount"])
    else:
        assert entry["count"] == expected
        assert "amount" not in entry


def test_total_matches_the_reference(stats_of) -> None:
    assert stats_of("106H1")["service_centre"]["total"] == REFERENCE["service_centre_expected"]["total"] == 25613


def test_table_output_prints_the_counts(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "stats", "--period", "106H1")
    assert result.returncode == 0, result.stderr
    assert "為民服務中心服務人數" in result.stdout
    assert "7,458 人次" in result.stdout
    assert "315 人次　金額 1,729,838 元" in result.stdout
    total_line = [line for line in result.stdout.splitlines() if line.startswith("J  總計服務人數")]
    assert len(total_line) == 1 and total_line[0].endswith("25,613 人次")


def test_one_month_is_a_part_of_the_half_year(stats_of) -> None:
    march = stats_of("106/03")
    assert march["period"] == {"from": "2017-03-01", "to": "2017-03-31"}
    service = march["service_centre"]
    assert list(service["categories"]) == list("ABCDEFGHI")
    half = stats_of("106H1")["service_centre"]
    for code, entry in service["categories"].items():
        assert 0 <= entry["count"] <= half["categories"][code]["count"]
    assert 0 < service["total"] < 25613
    assert service["total"] == sum(entry["count"] for entry in service["categories"].values())


def test_the_months_add_up_to_the_half_year(stats_of) -> None:
    half = stats_of("106H1")["service_centre"]
    months = [stats_of(month)["service_centre"] for month in MONTHS]
    for code, entry in half["categories"].items():
        assert sum(month["categories"][code]["count"] for month in months) == entry["count"], code
    assert sum(month["categories"]["G"]["amount"] for month in months) == 1729838
    assert sum(month["total"] for month in months) == 25613
    assert all(month["total"] > 0 for month in months)  # spread over every month, not dumped in one


def test_the_year_adds_up_with_its_months(stats_of) -> None:
    year = stats_of("106")
    assert year["period"] == {"from": "2017-01-01", "to": "2017-12-31"}
    later = [stats_of(f"106/{month:02d}")["service_centre"] for month in (7, 12)]
    assert all(month["total"] == 0 for month in later)  # the demo holds January–June only
    months = [stats_of(month)["service_centre"] for month in MONTHS]
    for code, entry in year["service_centre"]["categories"].items():
        assert entry["count"] == sum(month["categories"][code]["count"] for month in months), code
    assert year["service_centre"]["categories"]["G"]["amount"] == 1729838
    assert year["service_centre"]["total"] == 25613


def test_a_period_without_counts_prints_zeros(stats_of) -> None:
    service = stats_of("107H1")["service_centre"]
    assert [entry["count"] for entry in service["categories"].values()] == [0] * 9
    assert service["categories"]["G"]["amount"] == 0
    assert service["total"] == 0
