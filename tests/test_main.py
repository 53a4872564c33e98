"""The real command line, in a subprocess: demo database, stats against the reference report."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = json.loads((Path(__file__).parent / "data" / "106H1-figures.json").read_text(encoding="utf-8"))


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
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "示範研考" in result.stdout
    assert result.stderr == ""
    return path


@pytest.fixture(scope="module")
def stats(demo_db: Path) -> dict:
    result = run("--db", str(demo_db), "stats", "--period", "106H1", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_period(stats: dict) -> None:
    assert stats["period"] == {"from": "2017-01-01", "to": "2017-06-30"}


def test_forms(stats: dict) -> None:
    assert stats["survey"]["forms"] == REFERENCE["survey_forms_returned"]


@pytest.mark.parametrize("code", list("ABCDEFGHIJK"))
def test_item_counts_match_the_reference(stats: dict, code: str) -> None:
    *options, invalid = REFERENCE["survey_items"][code]
    item = stats["survey"]["items"][code]
    assert item["counts"] == options
    assert item["invalid"] == invalid
    assert item["blank"] + item["multiple"] == invalid
    assert item["valid"] + item["invalid"] == 166


@pytest.mark.parametrize("code", list("ABCDEFGHIJ"))
def test_satisfaction_matches_the_reference(stats: dict, code: str) -> None:
    expected = REFERENCE["survey_expected"]["satisfaction_pct"][code]
    assert stats["survey"]["items"][code]["satisfaction_pct"] == expected


def test_every_item_is_there_in_order(stats: dict) -> None:
    assert list(stats["survey"]["items"]) == list("ABCDEFGHIJK")


def test_duration_item_matches_the_reference(stats: dict) -> None:
    k = stats["survey"]["items"]["K"]
    assert k["within_15_pct"] == REFERENCE["survey_expected"]["satisfaction_pct"]["K"]
    assert k["share_pct"][:2] == list(REFERENCE["survey_expected"]["K_share_pct"].values())
    # the other three shares, by hand: 13/136, 2/136, 0/136
    assert k["share_pct"][2:] == ["9.56", "1.47", "0.00"]
    assert k["average_minutes"] == "7.90" == REFERENCE["survey_expected"]["K_average_minutes"]
    assert "satisfaction_pct" not in k


@pytest.mark.parametrize("flags, stored", [(["--json"], "stats_106H1.json"), ([], "stats_106H1.txt")])
def test_stats_prints_the_bytes_it_printed_before_the_figures_had_types(
    demo_db: Path, flags: list[str], stored: str
) -> None:
    """tests/data holds the output of before, copied as it was: not a byte may change."""
    result = subprocess.run(
        [sys.executable, "main.py", "--db", str(demo_db), "stats", "--period", "106H1", *flags],
        cwd=ROOT, capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "tests" / "data" / stored).read_bytes()


def test_phone_courtesy_matches_the_reference(stats: dict) -> None:
    assert stats["phone_courtesy"] == REFERENCE["phone_courtesy"] == {"tests": 18, "mean_score": "92.17", "grade": "優"}


def test_training_matches_the_reference(stats: dict) -> None:
    kinds = {"in_service": "在職訓練", "e_learning": "數位學習"}
    listed = [
        [f"{int(s['date'][:4]) - 1911}/{s['date'][5:7]}/{s['date'][8:]}", kinds[s["kind"]], s["title"], s["hours"]]
        for s in stats["training"]["list"]
    ]
    assert listed == [[day, kind, title, str(hours)] for day, kind, title, hours in REFERENCE["training"]]
    # by hand: 1+3+5+2+8+1+3+2 and 3+2+2.5+3+1+1+2+1+2+1
    assert stats["training"]["kinds"]["in_service"] == {"name": "在職訓練", "sessions": 8, "hours": "25"}
    assert stats["training"]["kinds"]["e_learning"] == {"name": "數位學習", "sessions": 10, "hours": "18.5"}
    assert (stats["training"]["sessions"], stats["training"]["hours"]) == (18, "43.5")


def test_events_match_the_reference(stats: dict) -> None:
    kinds, reference = stats["events"]["kinds"], REFERENCE["events"]
    auction = reference["法拍會"]
    assert kinds["法拍會"]["figures"] == {"場次": auction["sessions"], "人次": auction["attendees"], "拍變賣價金": auction["proceeds"]}
    assert kinds["法治教育宣導"]["figures"] == {"場次": reference["法治教育宣導"]["sessions"]}
    donations = [
        [f"{int(e['date'][:4]) - 1911}/{e['date'][5:7]}", e["values"]["受贈單位"], e["values"]["金額"]]
        for e in kinds["愛心社捐款"]["list"]
    ]
    assert donations == reference["愛心社捐款"] and all(e["month_only"] for e in kinds["愛心社捐款"]["list"])
    assert kinds["愛心社捐款"]["figures"] == {"金額": 22600}  # 6,600 + 6,000 + 5,000 + 5,000
    blood = [[f"{int(e['date'][:4]) - 1911}/{e['date'][5:7]}/{e['date'][8:]}", e["values"]["人次"], e["values"]["cc"]]
             for e in kinds["捐血"]["list"]]
    assert blood == reference["捐血"]
    assert kinds["捐血"]["figures"] == {"人次": 76, "cc": 19250}
    assert kinds["替代役公益"] == {"events": 0, "figures": {"次數": 0, "人次": 0, "受服務人次": 0}, "list": []}


def test_highest_and_lowest(stats: dict) -> None:
    assert stats["survey"]["highest"] == ["D"] == [REFERENCE["survey_expected"]["highest"]]
    assert stats["survey"]["lowest"] == ["F"] == [REFERENCE["survey_expected"]["lowest"]]


def test_table_output(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "stats", "--period", "106H1")
    assert result.returncode == 0, result.stderr
    assert "96.99" in result.stdout  # A
    assert "98.18" in result.stdout  # D
    assert "7.90" in result.stdout  # K average minutes
    assert "問卷回收：166 份" in result.stdout
    # In the user's words: ROC dates, the printed option labels, the report's sentences.
    assert "期間：民國106年1月1日至6月30日" in result.stdout
    assert "2017" not in result.stdout
    for label in ("非常滿意", "非常不滿意", "未作答", "勾選二個以上", "5分鐘以內", "60分鐘以上"):
        assert label in result.stdout
    assert "選項1" not in result.stdout
    assert "滿意度最高者為「服務台服務」，為98.18%" in result.stdout
    assert "滿意度最低者為「行政執行事件有關規定獲知管道」，為89.24%" in result.stdout
    assert "最高：D" not in result.stdout


def test_table_output_lines_up_the_counts_under_their_option_labels(demo_db: Path) -> None:
    from reports.statistics import display_width

    lines = run("--db", str(demo_db), "stats", "--period", "106H1").stdout.splitlines()
    header = next(line for line in lines if "非常滿意" in line)
    row_d = next(line for line in lines if line.startswith("D "))
    # The right edge of the "非常滿意" column is the right edge of D's 112.
    label_edge = display_width(header[: header.index("非常滿意") + len("非常滿意")])
    count_edge = display_width(row_d[: row_d.index(" 112 ") + len(" 112")])
    assert label_edge == count_edge


def test_period_without_forms_has_no_figures(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "stats", "--period", "107H1", "--json")
    assert result.returncode == 0, result.stderr
    survey = json.loads(result.stdout)["survey"]
    assert survey["forms"] == 0
    assert survey["items"]["A"]["satisfaction_pct"] is None
    assert survey["highest"] == survey["lowest"] == []


def test_demo_into_a_database_with_data_is_refused(demo_db: Path) -> None:
    result = run("demo", "--db", str(demo_db))
    assert result.returncode == 2
    assert "已經有資料" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    # still the one demo, not twice the forms
    again = run("--db", str(demo_db), "stats", "--period", "106H1", "--json")
    assert json.loads(again.stdout)["survey"]["forms"] == 166


def test_stats_without_an_edition_in_use_is_told_in_words(tmp_path: Path) -> None:
    target = tmp_path / "ledger.db"
    assert run("demo", "--db", str(target)).returncode == 0
    with sqlite3.connect(target) as raw:
        raw.execute("UPDATE questionnaire SET active = 0")
    raw.close()
    result = run("--db", str(target), "stats", "--period", "106H1")
    assert result.returncode == 2
    assert "沒有使用中的問卷版本" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "period, message",
    [
        ("106H3", "半年期間只有 106H1"),
        ("abc", "無法辨識為期間"),
        ("106/05-106/02", "結束月份早於開始月份"),
    ],
)
def test_bad_period_is_refused_in_words(tmp_path: Path, period: str, message: str) -> None:
    target = tmp_path / "ledger.db"
    result = run("--db", str(target), "stats", "--period", period)
    assert result.returncode == 2
    assert message in result.stderr
    assert f"「{period}」" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not target.exists()  # the period is checked before any database is opened or made


def test_demo_needs_a_database_file_named() -> None:
    """Never into the office's default database by accident."""
    result = run("demo")
    assert result.returncode == 2
    assert "--db" in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["stats", "--help"], ["demo", "--help"], ["-h"]])
def test_help_is_in_chinese(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：python3 run.py ")  # what the README has the user type
    for english in ("usage", "options", "positional arguments", "show this help"):
        assert english not in result.stdout


@pytest.mark.parametrize("command", ["stats", "demo", "restore"])
def test_help_texts_line_up_after_chinese_metavars(command: str) -> None:
    from reports.statistics import display_width

    lines = [line for line in run(command, "--help").stdout.splitlines() if re.match(r"  \S.*  ", line)]
    assert any("資料庫" in line for line in lines)
    help_columns = {display_width(re.match(r"(\s+\S.*?\s{2,})\S", line).group(1)) for line in lines}
    assert len(help_columns) == 1, lines


def test_help_says_which_commands_open_the_window() -> None:
    text = run("--help").stdout
    assert "不加指令" in text and "視窗" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["stats"], "缺少必要的參數：--period"),
        (["bogus"], "指令：沒有「bogus」"),
        (["stats", "--period"], "--period：後面需要一個值"),
        (["--nope"], "無法辨識的參數：--nope"),
        (["stats", "--period", "106H1", "extra"], "無法辨識的參數：extra"),
        (["stats", "--period", "106H1", "--json=yes"], "--json：後面不能加值"),
        # No abbreviations: a later option must never change what an old command line means.
        (["stats", "--period", "106H1", "--per", "107"], "無法辨識的參數：--per 107"),
    ],
)
def test_command_line_mistakes_are_told_in_chinese(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("--db", str(tmp_path / "ledger.db"), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "錯誤" in result.stderr and "用法：" in result.stderr
    for english in ("usage", "error", "argument", "required", "invalid", "choose", "unrecognized", "expected"):
        assert english not in result.stderr.lower()
    assert result.stdout == ""
    assert not (tmp_path / "ledger.db").exists()


def test_a_reader_that_stops_early_gets_no_traceback(demo_db: Path) -> None:
    """`stats | head -1`: the reader closes the pipe before the figures are written."""
    process = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(demo_db), "stats", "--period", "106H1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    process.stderr.close()
    process.wait(timeout=120)
    assert stderr == ""
    assert process.returncode == 1


@pytest.mark.parametrize(
    "period, message",
    [
        ("106H" + "1" * 5000, "期間太長了（最多 40 個字），請確認是否打錯。"),  # int()'s digit limit: a traceback before
        ("١٠٦H1", "期間裡的「١」不是 0–9 的數字"),  # read as 106H1 before
        ("๑๐๖", "期間裡的「๑」不是 0–9 的數字"),
    ],
    ids=["5000-digits", "arabic-indic", "thai"],
)
def test_over_long_and_foreign_digit_periods_are_refused_in_words(tmp_path: Path, period: str, message: str) -> None:
    target = tmp_path / "ledger.db"
    result = run("--db", str(target), "stats", "--period", period)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_petitions_match_the_reference(stats: dict) -> None:
    petitions, expected = stats["petitions"], REFERENCE["petitions_expected"]
    assert petitions["count"] == expected["count"] == len(REFERENCE["petitions"])
    assert Decimal(petitions["average_days_to_close"]) == Decimal(expected["average_days_to_close"])
    assert petitions["reply_survey_returned"] == expected["reply_survey_returned"]
    for case in REFERENCE["petitions"]:  # March by 電話, June 口頭, both 行政權益維護
        month = f"2017-{case['received_month']:02d}"
        assert petitions["by_category"]["months"][month][case["category"]] == 1
        assert petitions["by_channel"]["months"][month][case["channel"]] == 1
        assert petitions["by_channel"]["months"][month]["合計"] == 1
    assert petitions["by_category"]["pct"]["行政權益維護"] == "100.00"
    assert petitions["by_channel"]["count"] == {"口頭": 1, "書面": 0, "電話": 1, "電子郵件": 0, "其他": 0, "合計": 2}
    assert petitions["by_channel"]["pct"] == {"口頭": "50.00", "書面": "0.00", "電話": "50.00", "電子郵件": "0.00", "其他": "0.00"}
    assert petitions["reply_satisfaction"]["satisfaction_pct"] == "0.00" and petitions["reply_satisfaction"]["valid_sample"] == 0
    assert (petitions["open"], petitions["overdue"]) == (0, 0)


def test_monthly_figures_match_the_reference(stats: dict) -> None:
    figures = stats["monthly_figures"]["figures"]
    assert {figure["name"]: figure["total"] for figure in figures.values()} == REFERENCE["period_figures"]
    assert all(None not in figure["per_month"] for figure in figures.values())  # every month entered


def test_payment_channels_match_the_reference_and_the_total_is_its_parts(stats: dict) -> None:
    table = stats["payment_channels"]
    assert {name: channel["case_types"] for name, channel in table["channels"].items()} == REFERENCE["payment_channels"]
    # subtotals as the reference prints them; its total (56,372,466元) is not the sum of its parts
    assert table["channels"]["便利商店"]["subtotal"] == {"count": 21934, "amount": 56341202}
    assert table["channels"]["郵局・金融機構"]["subtotal"] == {"count": 9330, "amount": 99769201}
    assert table["total"] == {"count": 31264, "amount": 156110403}
    assert table["months_missing"] == []


def test_noon_ratio_matches_the_reference(stats: dict) -> None:
    assert stats["service_centre"]["noon_ratio_pct"] == REFERENCE["service_centre_expected"]["noon_ratio_pct"] == "0.28"


@pytest.mark.parametrize("title", ["人權[一,二]", "[ 公告 ]", "第[1]期", "括號]與[", "{大括號}"])
def test_stats_json_keeps_typed_text_as_typed(title: str) -> None:
    """Titles and names typed by the secretary reach the JSON: brackets inside them are text,
    not a list to put on one line."""
    from main import compact_json

    value = {"list": [{"title": title, "hours": "2.5"}], "counts": [1, 2, 3], "empty": [], "codes": ["D", None]}
    text = compact_json(value)
    assert json.loads(text) == value
    assert '"counts": [1, 2, 3]' in text and '"empty": []' in text and '"codes": ["D", null]' in text
