"""`main.py report` in a subprocess: the demo's half-year report as PDF and Excel, and every
refusal a Chinese message, exit 1, no file and no traceback."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
        timeout=180, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-report") / "demo.db"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_both_outputs_are_written(demo_db: Path, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    result = run("--db", str(demo_db), "report", "--period", "106H1", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"已寫出 PDF「{pdf}」" in result.stdout and f"已寫出 Excel 檔「{xlsx}」" in result.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "問卷D" in openpyxl.load_workbook(xlsx).sheetnames


@pytest.mark.parametrize("option, name", [("--pdf", "only.pdf"), ("--xlsx", "only.xlsx")])
def test_either_output_alone(demo_db: Path, tmp_path: Path, option: str, name: str) -> None:
    result = run("--db", str(demo_db), "report", "--period", "106H1", option, str(tmp_path / name))
    assert result.returncode == 0, result.stderr
    assert [path.name for path in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "106H2", "--pdf", "{dir}/r.pdf"], "「106H2」不是有效期間"),
        (["--period", "106/13", "--xlsx", "{dir}/r.xlsx"], "不是有效期間"),
        (["--period", "105H1", "--pdf", "{dir}/r.pdf"], "105年1月至6月沒有任何資料"),
        (["--period", "106H1", "--pdf", "{dir}/沒有這個資料夾/r.pdf"], "找不到資料夾"),
        (["--period", "106H1", "--xlsx", "{dir}"], "無法儲存Excel 檔"),
        (["--period", "106H1"], "請至少指定一個輸出檔"),
    ],
)
def test_bad_input_is_refused_in_chinese(demo_db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run("--db", str(demo_db), "report", *(arg.replace("{dir}", str(out)) for arg in args))
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert list(out.iterdir()) == []  # nothing written, not even a temporary file


def test_a_missing_database_is_refused(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "none.db"), "report", "--period", "106H1", "--pdf", str(tmp_path / "r.pdf"))
    assert result.returncode == 1
    assert "找不到資料庫檔案" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "none.db").exists()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_report_prints_the_period_s_own_words_and_ends_with_its_seal(
    demo_db: Path, tmp_path: Path
) -> None:
    """The secretary's text of the period, not the default; the last line's 稽核碼 checks
    back with ``verify --code`` while nothing of the period changed."""
    from models.accounts import User
    from models.report_texts import save_text
    from models.storage import open_ledger
    from reports.halfyear import TEXT_BLOCKS

    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_db.read_bytes())
    database = open_ledger(copy)
    first = TEXT_BLOCKS[0]
    save_text(User.get(User.name == "示範研考"), "106H1", first.key, "本期由研考親自撰寫的第一段文字。")
    database.close()
    pdf = tmp_path / "r.pdf"
    assert run("--db", str(copy), "report", "--period", "106H1", "--pdf", str(pdf)).returncode == 0
    text = pdf_text(pdf)
    assert "本期由研考親自撰寫的第一段文字。" in text
    [seal] = re.findall(r"稽核碼：([0-9-]+)", text)
    checked = run("--db", str(copy), "verify", "--code", seal, "--period", "106H1")
    assert checked.returncode == 0 and "未曾變更" in checked.stdout, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    "option, title",
    [("--monthly", "106年3月為民服務中心服務人數月報表"), ("--survey-month", "106年3月為民服務意見調查表統計結果")],
)
def test_the_monthly_reports(demo_db: Path, tmp_path: Path, option: str, title: str) -> None:
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    result = run("--db", str(demo_db), "report", option, "106/03", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert result.returncode == 0, result.stderr
    assert title in pdf_text(pdf).replace(" ", "")
    assert openpyxl.load_workbook(xlsx).sheetnames


@pytest.mark.parametrize(
    "args, message",
    [
        (["--monthly", "106H1", "--pdf", "{dir}/m.pdf"], "月報表一次只做一個月"),
        (["--survey-month", "106", "--pdf", "{dir}/m.pdf"], "月報表一次只做一個月"),
        (["--period", "106H1", "--monthly", "106/03", "--pdf", "{dir}/m.pdf"], "只能選一種"),
        (["--pdf", "{dir}/m.pdf"], "請指定報告的期間"),
    ],
)
def test_bad_monthly_requests_are_refused_in_chinese(demo_db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run("--db", str(demo_db), "report", *(arg.replace("{dir}", str(out)) for arg in args))
    assert result.returncode in (1, 2)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and list(out.iterdir()) == []
