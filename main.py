"""service-ledger: start the desk application, or run a command-line action.

    python main.py [--db PATH|postgresql://…]                      start the application
    python main.py [--db …] stats --period 106H1 [--json]          print a period's figures
    python main.py demo --db PATH                                  create a demo database
"""
from __future__ import annotations

import argparse
import json
import re
import sys


def build_parser() -> argparse.ArgumentParser:
    db_help = "資料庫：SQLite 檔案路徑，或 postgresql://使用者@主機/資料庫（預設：使用者資料夾中的檔案）"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    parser = argparse.ArgumentParser(
        prog="service-ledger", description="為民服務中心服務紀錄與服務躍升執行成果報告", parents=[common]
    )
    commands = parser.add_subparsers(dest="command", metavar="指令")
    stats = commands.add_parser("stats", parents=[common], help="列出某期間的統計數字")
    stats.add_argument("--period", required=True, help="期間，例如 106H1、106、106/01-106/03")
    stats.add_argument("--json", action="store_true", help="以 JSON 輸出")
    demo = commands.add_parser("demo", help="建立含參考期間資料的示範資料庫（必須指定新的檔案）")
    # Required here: the demo must never fill the office's real database by default.
    demo.add_argument("--db", required=True, help=db_help)
    return parser


def compact_json(value: object) -> str:
    """Indented JSON with short lists of numbers kept on one line, so a table reads as one."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]" if m.group(1).strip() else "[]", text)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    target = getattr(args, "db", None)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(target)

    from models.db import open_database
    from models.errors import LedgerError
    from models.rocdate import DateInputError

    try:
        if args.command == "stats":
            return _print_stats(target, args.period, args.json)
        if args.command == "demo":
            from models.demo import DEMO_PIN, DEMO_SECRETARY, create_demo

            open_database(target, create=True)
            create_demo()
            print(f"已建立示範資料庫。研考「{DEMO_SECRETARY}」的 PIN：{DEMO_PIN}")
            return 0
    except (LedgerError, DateInputError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 1


def _print_stats(target: str | None, period_text: str, as_json: bool) -> int:
    from models.db import open_database
    from models.questionnaire import active_questionnaire, item_specs
    from models.rocdate import parse_period
    from reports.statistics import format_statistics, period_statistics

    period = parse_period(period_text)
    open_database(target, read_only=True)
    stats = period_statistics(period)
    if as_json:
        print(compact_json(stats))
    else:
        labels = {spec.code: spec.text for spec in item_specs(active_questionnaire())}
        print(format_statistics(stats, labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
