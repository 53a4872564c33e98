"""service-ledger: start the desk application, or run a command-line action.

    python main.py [--db PATH|postgresql://…]                      start the application
    python main.py [--db …] stats --period 106H1 [--json]          print a period's figures
    python main.py demo --db PATH                                  create a demo database
    python main.py [--db …] verify                                 check the audit trail and file
    python main.py [--db PATH] backup DEST                         copy the database (folder or file)
    python main.py [--db PATH] restore SRC [--yes]                 replace the database by a backup
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
    commands.add_parser(
        "verify", parents=[common], help="檢查稽核紀錄的鏈結、每筆資料是否與最後一筆稽核紀錄相符，以及資料庫檔案是否完好"
    )
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

            open_database(target)
            create_demo()
            print(f"已建立示範資料庫。研考「{DEMO_SECRETARY}」的 PIN：{DEMO_PIN}")
            return 0
        if args.command in ("verify", "backup", "restore"):
            return _integrity_command(args, target)
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
    open_database(target)
    stats = period_statistics(period)
    if as_json:
        print(compact_json(stats))
    else:
        labels = {spec.code: spec.text for spec in item_specs(active_questionnaire())}
        print(format_statistics(stats, labels))
    return 0


def _integrity_command(args: argparse.Namespace, target: str | None) -> int:
    """verify, backup DEST, restore SRC: exit 0 when all is well, 1 when verify finds a fault."""
    from pathlib import Path

    from models import backup
    from models.db import is_url, open_database

    if args.command == "verify":
        from models.verify import verify

        database = open_database(target)
        result = verify(database)
        print("\n".join(result.lines()))
        return 0 if result.ok else 1
    if target is not None and is_url(target):
        print(backup.SERVER_MESSAGE, file=sys.stderr)
        return 2
    if args.command == "backup":
        from models.db import default_database_path

        made = backup.backup_to(Path(target) if target else default_database_path(), Path(args.destination))
        print(f"已備份到「{made}」，並檢查過備份檔完好。")
        return 0
    source = Path(args.source)
    summary = backup.describe_backup(source)
    print("\n".join(summary.lines()))
    if not args.yes:
        if not sys.stdin.isatty():
            print("要還原請加上 --yes，或在終端機中執行並確認。沒有做任何變更。", file=sys.stderr)
            return 2
        answer = input("確定要用這個備份取代目前的資料庫嗎？目前的檔案會先另存一份。請輸入 y 確認：")
        if answer.strip().lower() not in ("y", "yes", "是"):
            print("已取消，沒有做任何變更。")
            return 2
    restored = backup.restore(source, target)
    open_database(target).close()  # brings an older backup up to this version
    kept = f"原本的資料庫已另存為「{restored.safety_copy}」。" if restored.safety_copy else ""
    print(f"已從備份還原。{kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
