"""service-ledger: start the desk application, or run a command-line action.

    python main.py [--db PATH|postgresql://…]                      start the application
    python main.py [--db …] stats --period 106H1 [--json]          print a period's figures
    python main.py [--db …] report --period 106H1 [--pdf F] [--xlsx F]  write the half-year report
    python main.py [--db …] report --monthly 106/03 [--pdf F] [--xlsx F]  … a month's 服務人數月報表
    python main.py [--db …] report --survey-month 106/03 [--pdf F] [--xlsx F]  … a month's survey figures
    python main.py demo --db PATH                                  create a demo database
    python main.py [--db …] verify                                 check the audit trail and file
    python main.py [--db …] verify --code CODE --period 106H1      has the period changed since its report?
    python main.py [--db PATH] backup DEST                         copy the database (folder or file)
    python main.py [--db PATH] restore SRC [--yes]                 replace the database by a backup
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from models.db import default_database_path, is_url
from models.errors import COMMAND, LedgerError, ValidationError
from models.rocdate import parse_period
from models.storage import open_ledger
from models.survey.questionnaire import active_questionnaire, item_specs

# argparse words its usage, help and errors through gettext, and the program ships no
# catalogue: these are its messages (Python 3.11–3.13) as a clerk should read them.
ARGPARSE_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "參數",
    "options": "選項",
    "show this help message and exit": "顯示這段說明",
    "%(prog)s: error: %(message)s\n": "%(prog)s：錯誤：%(message)s\n加上 --help 可看說明。\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必要的參數：%s",
    "unrecognized arguments: %s": "無法辨識的參數：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "沒有「%(value)s」（可用：%(choices)s）",
    "expected one argument": "後面需要一個值",
    "expected at least one argument": "後面至少需要一個值",
    "expected at most one argument": "後面最多只能有一個值",
    "ignored explicit argument %r": "後面不能加值（%r）",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s 不明確，可能是 %(matches)s",
    "invalid %(type)s value: %(value)r": "「%(value)s」不是可以使用的值",
    "not allowed with argument %s": "不能和 %s 一起使用",
    "one of the arguments %s is required": "%s 必須擇一",
    "can't open '%(filename)s': %(error)s": "無法開啟「%(filename)s」：%(error)s",
    "unexpected option string: %s": "無法辨識的選項：%s",
}
ARGPARSE_PLURALS = {"expected %s argument": "後面需要 %s 個值"}


@contextlib.contextmanager
def chinese_argparse() -> Iterator[None]:
    """While the parser is built, parses and prints, argparse speaks Traditional Chinese."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE_MESSAGES.get(message, message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: ARGPARSE_PLURALS.get(singular, plural if n != 1 else singular)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse lines help texts up by len(), but a Chinese metavar takes two columns a
    character: make room for the widest, then take the surplus gap out of the wide lines."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            width = _display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def format_help(self) -> str:
        return "\n".join(_align_wide(line) for line in super().format_help().split("\n"))


def _display_width(text: str) -> int:
    from reports.statistics import display_width  # lazy, for start-up speed: only when help is printed

    return display_width(text)


def _align_wide(line: str) -> str:
    match = re.fullmatch(r"( {2,}\S.*?)( {2,})(\S.*)", line)  # an argument and its help
    if not match:
        return line
    invocation, gap, help_text = match.groups()
    return invocation + " " * max(len(gap) - (_display_width(invocation) - len(invocation)), 2) + help_text


class ArgumentParser(argparse.ArgumentParser):
    """The program's parsers (sub-commands inherit it): Chinese-aware help, no abbreviations,
    so a later option never changes what an old command line means."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    db_help = "資料庫：SQLite 檔案路徑，或 postgresql://使用者@主機/資料庫（預設：使用者資料夾中的檔案）"
    common = ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="資料庫", help=db_help)
    parser = ArgumentParser(
        prog=COMMAND,
        description="為民服務中心服務紀錄與服務躍升執行成果報告。\n"
        "不加指令時開啟桌面程式的視窗；加上指令時只在命令列執行，不開視窗。",
        epilog="期間的寫法：106H1（1–6月）、106（全年）、106/01-106/03（月份範圍）、106/03（單月）。",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="指令", title="指令（都不開視窗）")
    stats = commands.add_parser(
        "stats", parents=[common], help="列出某期間的統計數字", description="列出某期間的問卷與服務人數統計。"
    )
    stats.add_argument("--period", required=True, metavar="期間", help="期間，例如 106H1、106、106/01-106/03")
    stats.add_argument("--json", action="store_true", help="以 JSON 輸出")
    report = commands.add_parser(
        "report", parents=[common], help="產生服務躍升執行成果報告（PDF、Excel 或兩者）",
        description="產生某期間的服務躍升執行成果報告，寫成 PDF、Excel 或兩者（至少指定一個）。",
    )
    report.add_argument("--period", metavar="期間", help="服務躍升執行成果報告的期間，例如 106H1、106")
    report.add_argument("--monthly", metavar="月份", help="改做某月的為民服務中心服務人數月報表，例如 106/03")
    report.add_argument("--survey-month", metavar="月份", help="改做某月的問卷統計結果，例如 106/03")
    report.add_argument("--pdf", metavar="PDF檔", help="寫出 PDF 的檔案路徑")
    report.add_argument("--xlsx", metavar="Excel檔", help="寫出 Excel 活頁簿的檔案路徑")
    demo = commands.add_parser(
        "demo", help="建立含參考期間資料的示範資料庫（必須指定新的檔案）",
        description="建立民國106年1–6月的示範資料庫（166 份問卷與服務人數），不會寫入辦公室的資料庫。",
    )
    # Required here: the demo must never fill the office's real database by default.
    demo.add_argument("--db", required=True, metavar="資料庫", help=db_help)
    verify = commands.add_parser(
        "verify", parents=[common], help="檢查稽核紀錄的鏈結、每筆資料是否與最後一筆稽核紀錄相符，以及資料庫檔案是否完好"
    )
    verify.add_argument(
        "--code", metavar="稽核碼", help="印出的報表最後一行的稽核碼：改為檢查該期間的資料在報表製作後是否變更（需加 --period）"
    )
    verify.add_argument("--period", metavar="期間", help="報表的期間，例如 106H1、106H2（與 --code 一起使用）")
    backup = commands.add_parser(
        "backup", parents=[common], help="把 SQLite 資料庫備份到指定的資料夾或檔案（例如隨身碟）"
    )
    backup.add_argument("destination", metavar="目的地", help="資料夾（自動取檔名）或新的檔案路徑")
    restore = commands.add_parser(
        "restore", parents=[common], help="用備份檔取代目前的資料庫（先顯示備份內容，並保留目前檔案的安全複本）"
    )
    restore.add_argument("source", metavar="備份檔", help="要還原的備份檔")
    restore.add_argument("--yes", action="store_true", help="不再詢問，直接還原")
    return parser


def compact_json(value: object) -> str:
    """Indented JSON with each list of plain values (numbers, codes) kept on one line, so a
    table reads as one. The lists are found in the value, not in the text: a bracket inside
    a typed title is text."""
    lines: list[str] = []

    def marked(item: object) -> object:
        if isinstance(item, dict):
            return {key: marked(inner) for key, inner in item.items()}
        if isinstance(item, list | tuple):
            if any(isinstance(inner, dict | list | tuple) for inner in item):
                return [marked(inner) for inner in item]
            lines.append(json.dumps(list(item), ensure_ascii=False, separators=(", ", ": ")))
            return f"\0{len(lines) - 1}\0"  # a control character no text of the ledger holds
        return item

    text = json.dumps(marked(value), ensure_ascii=False, indent=2)
    return re.sub(r'"\\u0000(\d+)\\u0000"', lambda m: lines[int(m.group(1))], text)


def main(argv: list[str] | None = None) -> int:
    with chinese_argparse():
        args = build_parser().parse_args(argv)
    try:
        status = run_command(args)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
    except BrokenPipeError:
        # The reader stopped early (`stats | head`): not a fault. Point stdout at nothing so the
        # interpreter's last flush stays quiet too (the recipe of Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130
    return status


def run_command(args: argparse.Namespace) -> int:
    target = getattr(args, "db", None)
    if args.command is None:
        from ui.app import run_gui  # lazy, for start-up speed: a command never loads Qt

        return run_gui(target)

    try:
        if args.command == "stats":
            return _print_stats(target, args.period, args.json)
        if args.command == "report":
            return _write_report(target, args)
        if args.command == "demo":
            # Lazy, for start-up speed: the window's start never loads the demo.
            from models.demo import DEMO_PIN, DEMO_SECRETARY, create_demo

            open_ledger(target, create=True)
            create_demo()
            print(f"已建立示範資料庫。研考「{DEMO_SECRETARY}」的 PIN：{DEMO_PIN}")
            return 0
        if args.command in ("verify", "backup", "restore"):
            return _integrity_command(args, target)
    except LedgerError as exc:  # a bad period too
        print(str(exc), file=sys.stderr)
        return 2
    return 1


def _print_stats(target: str | None, period_text: str, as_json: bool) -> int:
    # Lazy, for start-up speed: the window's start never loads the report layer for this.
    from reports.statistics import format_statistics, period_statistics

    period = parse_period(period_text)
    open_ledger(target, read_only=True)
    stats = period_statistics(period)
    if as_json:
        print(compact_json(stats.to_json()))
    else:
        print(format_statistics(stats, item_specs(active_questionnaire())))
    return 0


REPORT_KINDS = (("period", "--period"), ("monthly", "--monthly"), ("survey_month", "--survey-month"))
REPORT_KIND_MISSING = "請指定報告的期間：--period 106H1（成果報告）、--monthly 106/03 或 --survey-month 106/03（月報表）。"
REPORT_KIND_TWICE = "--period、--monthly、--survey-month 只能選一種。沒有產生報告。"


def _write_report(target: str | None, args: argparse.Namespace) -> int:
    """report --period P (or --monthly M, --survey-month M) --pdf F --xlsx F: exit 1 with the
    reason for a bad period, a file that cannot be written or a period without any data;
    nothing half written."""
    # Lazy, for start-up speed: reportlab and openpyxl load only for this command.
    from reports.halfyear import half_year_report, has_data
    from reports.monthly_reports import build_monthly_service, build_monthly_survey
    from reports.statistics import period_statistics

    asked = [(option, text) for option, text in REPORT_KINDS if getattr(args, option) is not None]
    if len(asked) != 1:
        print(REPORT_KIND_MISSING if not asked else REPORT_KIND_TWICE, file=sys.stderr)
        return 1
    if not args.pdf and not args.xlsx:
        print("請至少指定一個輸出檔：--pdf 檔案.pdf 或 --xlsx 檔案.xlsx。沒有產生報告。", file=sys.stderr)
        return 1
    [(kind, _label)] = asked
    try:
        period = parse_period(getattr(args, kind))
        open_ledger(target, read_only=True)
        if kind == "monthly":
            report = build_monthly_service(period)
        elif kind == "survey_month":
            report = build_monthly_survey(period)
        elif not has_data(period_statistics(period)):
            print(f"{period.label}沒有任何資料（問卷、服務人數、登記簿都沒有），沒有產生報告。", file=sys.stderr)
            return 1
        else:
            report = half_year_report(period)
        if args.pdf:
            from reports.fonts import report_font
            from reports.pdf import write_pdf

            font = report_font()
            if not font.embedded:
                print(font.warning, file=sys.stderr)
            pages = write_pdf(report, Path(args.pdf), font)
            print(f"已寫出 PDF「{args.pdf}」，共 {pages} 頁。")
        if args.xlsx:
            from reports.excel import write_workbook

            sheets = write_workbook(report, Path(args.xlsx))
            print(f"已寫出 Excel 檔「{args.xlsx}」，共 {sheets} 張工作表。")
    except LedgerError as exc:  # a bad period, a file that cannot be written, the database
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _integrity_command(args: argparse.Namespace, target: str | None) -> int:
    """verify, backup DEST, restore SRC: exit 0 when all is well, 1 when verify finds a fault."""
    # Lazy, for start-up speed: the window's start loads none of these until it needs them.
    from models import backup, restore
    from models.verify import verify

    if args.command == "verify" and (args.code is not None or args.period is not None):
        return _check_seal(target, args.code, args.period)
    if args.command == "verify":
        database = open_ledger(target, read_only=True)  # a check never creates or migrates
        result = verify(database)
        print("\n".join(result.lines()))
        return 0 if result.ok else 1
    if target is not None and is_url(target):
        print(backup.SERVER_MESSAGE, file=sys.stderr)
        return 2
    if args.command == "backup":
        made = backup.backup_to(Path(target) if target else default_database_path(), Path(args.destination))
        print(f"已備份到「{made}」，並檢查過備份檔完好。")
        return 0
    source = Path(args.source)
    summary = restore.describe_backup(source)
    print("\n".join(summary.lines()))
    if not args.yes:
        if not sys.stdin.isatty():
            print("要還原請加上 --yes，或在終端機中執行並確認。沒有做任何變更。", file=sys.stderr)
            return 2
        try:
            current = target if target is not None else default_database_path()
            answer = input(f"確定要用這個備份取代「{current}」嗎？目前的檔案會先另存一份。請輸入 y 確認：")
        except EOFError:  # Ctrl+D: no answer is no
            answer = ""
        if answer.strip().lower() not in ("y", "yes", "是"):
            print("已取消，沒有做任何變更。")
            return 2
    restored = restore.restore(source, target)
    open_ledger(target).close()  # brings an older backup up to this version
    kept = f"原本的資料庫已另存為「{restored.safety_copy}」。" if restored.safety_copy else ""
    print(f"已從備份還原。{kept}")
    return 0


def _check_seal(target: str | None, code: str | None, period_text: str | None) -> int:
    """verify --code: exit 0 when the period's records are as they were when the report was
    built, 1 when they changed or the code names nothing here."""
    from models.report_texts import check_seal, period_of_key

    try:
        if code is None:
            raise ValidationError("--period 要和 --code 一起使用：請加上報表最後一行的稽核碼。")
        if period_text is None:
            raise ValidationError("請用 --period 指定報表的期間，例如 --period 106H1。")
        period = period_of_key(period_text)
        open_ledger(target, read_only=True)  # a check never creates or migrates
        result = check_seal(code, period)
    except ValidationError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print("\n".join(result.lines()))
    return 0 if result.unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
