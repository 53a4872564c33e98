"""The report's font: the first candidate that can print Traditional Chinese, embedded;
the CID font only when there is none."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import reportlab

from reports.fonts import CID_FALLBACK, FontCandidate, report_font, resolve_font, standard_candidates, windows_font_folders

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")  # fonts-arphic-uming: in the README's set-up line
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # TrueType without a single Chinese glyph


@pytest.fixture
def uming() -> Path:
    assert UMING.is_file(), "fonts-arphic-uming is part of the set-up (README)"
    return UMING


def test_the_first_usable_candidate_wins_and_is_embedded(tmp_path: Path, uming: Path) -> None:
    not_a_font = tmp_path / "broken.ttf"
    not_a_font.write_bytes(b"this is not a font")
    chosen = resolve_font(
        [
            FontCandidate(tmp_path / "missing.ttf", "設定"),
            FontCandidate(not_a_font, "程式附帶"),
            FontCandidate(VERA, "程式附帶"),
            FontCandidate(uming, "Debian", subfont_index=2),
        ]
    )
    assert chosen.embedded and chosen.path == uming and chosen.source == "Debian"
    assert not chosen.warning
    missing, broken, latin = chosen.passed_over
    assert missing.endswith("找不到檔案")
    assert "不是可嵌入的 TrueType 字型" in broken
    assert "缺少「年度服務躍」等中文字" in latin


def test_nothing_usable_falls_back_to_the_cid_font_and_says_so(tmp_path: Path) -> None:
    chosen = resolve_font([FontCandidate(tmp_path / "missing.ttf", "設定"), FontCandidate(VERA, "程式附帶")])
    assert chosen.name == CID_FALLBACK and not chosen.embedded and chosen.path is None
    assert "找不到可以嵌入 PDF 的中文字型" in chosen.warning
    assert len(chosen.passed_over) == 2


def test_the_configured_font_comes_first_then_the_shipped_ones(tmp_path: Path, uming: Path) -> None:
    shipped = tmp_path / "fonts"
    shipped.mkdir()
    (shipped / "b.ttf").write_bytes(b"")
    (shipped / "a.TTC").write_bytes(b"")
    (shipped / "readme.txt").write_text("not a font")
    windows = tmp_path / "Windows" / "Fonts"
    candidates = standard_candidates(
        f"  {uming}  ", resources=shipped, windows_folders=[windows], debian=tmp_path / "debian"
    )
    assert [(c.path, c.source, c.subfont_index) for c in candidates] == [
        (uming, "設定", 0),
        (shipped / "a.TTC", "程式附帶", 0),
        (shipped / "b.ttf", "程式附帶", 0),
        (windows / "kaiu.ttf", "Windows", 0),
        (windows / "mingliu.ttc", "Windows", 0),
        (windows / "msjh.ttc", "Windows", 0),
        (tmp_path / "debian" / "cns11643" / "TW-Kai-98_1.ttf", "Debian", 0),
        (tmp_path / "debian" / "cns11643" / "TW-Sung-98_1.ttf", "Debian", 0),
        (tmp_path / "debian" / "arphic" / "uming.ttc", "Debian", 2),
    ]


def test_a_configured_face_index_zero_of_a_collection_is_taken_as_set(tmp_path: Path, uming: Path) -> None:
    # uming.ttc's first face is UMing CN: it has the report's characters, so it is usable as set.
    copy = tmp_path / "my.ttc"
    shutil.copyfile(uming, copy)
    chosen = resolve_font(standard_candidates(str(copy), resources=tmp_path / "none", windows_folders=[]))
    assert chosen.path == copy and chosen.source == "設定" and chosen.embedded


def test_windows_looks_in_the_system_and_the_user_font_folders() -> None:
    folders = windows_font_folders({"WINDIR": r"D:\Win", "LOCALAPPDATA": r"C:\Users\pc\AppData\Local"})
    assert folders == [Path(r"D:\Win") / "Fonts", Path(r"C:\Users\pc\AppData\Local") / "Microsoft" / "Windows" / "Fonts"]
    assert windows_font_folders({}) == [Path(r"C:\Windows") / "Fonts"]


def test_this_machine_finds_an_embeddable_font(uming: Path) -> None:
    assert report_font().embedded
