"""Which Traditional Chinese font the report is written in.

A PDF must print the same on any PC, so the report embeds (a subset of) a TrueType font.
The resolver tries, in order: the font set in 設定, the fonts shipped in
``resources/fonts/``, the Windows faces an office PC has (標楷體, the usual face of official
documents; 細明體; 微軟正黑體), then Debian's (TW-Kai and TW-Sung, the government's CNS 11643
fonts; AR PL UMing TW). A candidate is taken only when reportlab can embed it (TrueType
outlines; it refuses CFF, so Noto CJK cannot be used) and it has the glyphs of the report's
own words. Only when none is found does it fall back to the CID font MSung-Light, which
embeds nothing: ``FontChoice.embedded`` is then False and the window says so.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import _cidfontdata, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

RESOURCE_FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
DEBIAN_FONTS = Path("/usr/share/fonts/truetype")
CID_FALLBACK = "MSung-Light"
# A face without these cannot print the report (its title, a table head, a sentence, the digits).
SAMPLE_TEXT = "年度服務躍升執行成果報告陳情案件滿意度未作答或勾選二個臺南分署萬億元0123456789%（）、，。"


@dataclass(frozen=True)
class FontCandidate:
    """A font file to try, and where it comes from (shown when nothing better is found)."""

    path: Path
    source: str  # 設定, 程式附帶, Windows, Debian
    subfont_index: int = 0  # the face inside a .ttc collection


@dataclass(frozen=True)
class FontChoice:
    """The font the report uses: a reportlab font name, registered and ready."""

    name: str
    path: Path | None  # None for the CID fallback
    source: str
    embedded: bool
    passed_over: tuple[str, ...] = field(default=())  # why earlier candidates were not taken

    @property
    def warning(self) -> str:
        """What the report window says when the PDF will not carry its font, else ""."""
        if self.embedded:
            return ""
        return (
            "找不到可以嵌入 PDF 的中文字型，報告改用閱讀程式內建的明體：在別台電腦上字型可能不同，"
            "列印前請確認。請在「設定」指定字型檔（例如 C:\\Windows\\Fonts\\kaiu.ttf），"
            "或安裝 fonts-cns11643-kai。"
        )


def windows_font_folders(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """%WINDIR%\\Fonts and the per-user folder Windows 10+ installs fonts into."""
    folders = [Path(environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if local := environ.get("LOCALAPPDATA"):
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def standard_candidates(
    configured: str | None = None,
    *,
    resources: Path = RESOURCE_FONTS,
    windows_folders: Sequence[Path] | None = None,
    debian: Path = DEBIAN_FONTS,
) -> list[FontCandidate]:
    """Every font to try, best first."""
    candidates: list[FontCandidate] = []
    if configured and configured.strip():
        candidates.append(FontCandidate(Path(configured.strip()).expanduser(), "設定"))
    if resources.is_dir():
        shipped = sorted(p for p in resources.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))
        candidates.extend(FontCandidate(path, "程式附帶") for path in shipped)
    if windows_folders is None:
        windows_folders = windows_font_folders() if sys.platform == "win32" else []
    for folder in windows_folders:
        candidates.extend(FontCandidate(folder / name, "Windows") for name in ("kaiu.ttf", "mingliu.ttc", "msjh.ttc"))
    candidates.extend(
        [
            FontCandidate(debian / "cns11643" / "TW-Kai-98_1.ttf", "Debian"),
            FontCandidate(debian / "cns11643" / "TW-Sung-98_1.ttf", "Debian"),
            FontCandidate(debian / "arphic" / "uming.ttc", "Debian", subfont_index=2),  # face 2 is UMing TW
        ]
    )
    return candidates


def _registered_name(candidate: FontCandidate) -> str:
    return f"ReportFont-{candidate.path.stem}-{candidate.subfont_index}"


def _why_not(candidate: FontCandidate) -> str | None:
    """None when the candidate can print the report; else why not, in Chinese."""
    if not candidate.path.is_file():
        return f"{candidate.path}：找不到檔案"
    name = _registered_name(candidate)
    try:
        font = pdfmetrics.getFont(name) if name in pdfmetrics.getRegisteredFontNames() else None
        if font is None:
            font = TTFont(name, str(candidate.path), subfontIndex=candidate.subfont_index)
    except (TTFError, OSError, ValueError, IndexError) as exc:
        return f"{candidate.path}：不是可嵌入的 TrueType 字型（{exc}）"
    missing = [ch for ch in SAMPLE_TEXT if ord(ch) not in font.face.charToGlyph]
    if missing:
        return f"{candidate.path}：缺少「{''.join(missing[:5])}」等中文字"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(font)
    return None


def resolve_font(candidates: Iterable[FontCandidate]) -> FontChoice:
    """The first candidate that can print the report, registered with reportlab; else the
    CID fallback (with the CMap fix reportlab 5.1 needs for poppler to draw it)."""
    passed_over: list[str] = []
    for candidate in candidates:
        reason = _why_not(candidate)
        if reason is None:
            return FontChoice(_registered_name(candidate), candidate.path, candidate.source, True, tuple(passed_over))
        passed_over.append(reason)
    # reportlab pairs MSung-Light with a CMap poppler cannot read: the cells come out empty.
    _cidfontdata.defaultUnicodeEncodings[CID_FALLBACK] = ("cht", "UniCNS-UCS2-H")
    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return FontChoice(CID_FALLBACK, None, "內建", False, tuple(passed_over))


def report_font(configured: str | None = None) -> FontChoice:
    """The report's font on this PC: the configured file first, then the usual places."""
    return resolve_font(standard_candidates(configured))
