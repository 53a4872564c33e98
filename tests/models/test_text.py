"""The one rule for digits and names: 0–9 (ASCII or full-width) only, nothing invisible."""
from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.text import clean_line, clean_name, clean_text, fold_width, foreign_digit, is_ascii_number, plain_input

# Digits Python's int() and \d accept, or NFKC turns into 0–9, that nobody at the desk types.
FOREIGN_DIGITS = [
    pytest.param("٣", id="arabic-indic"),
    pytest.param("۳", id="extended-arabic-indic"),
    pytest.param("๓", id="thai"),
    pytest.param("३", id="devanagari"),
    pytest.param("①", id="circled"),
    pytest.param("⑴", id="parenthesized"),
    pytest.param("𝟑", id="mathematical-bold"),
    pytest.param("𝟛", id="mathematical-double-struck"),
    pytest.param("³", id="superscript"),
    pytest.param("₃", id="subscript"),
]


def test_full_width_is_folded_to_ascii() -> None:
    assert fold_width("１０６／０１／２５") == "106/01/25"
    assert fold_width("ＮＴ＄１，５００") == "NT$1,500"
    assert fold_width("王\u3000小明") == "王 小明"


@pytest.mark.parametrize("digit", FOREIGN_DIGITS)
def test_foreign_digits_are_found(digit: str) -> None:
    assert foreign_digit(f"10{digit}") == digit
    assert not is_ascii_number(f"10{digit}")
    with pytest.raises(ValidationError) as refused:
        plain_input(f"10{digit}", label="金額", max_length=30, field="amount")
    assert refused.value.message == f"金額裡的「{digit}」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"
    assert refused.value.field == "amount"


@pytest.mark.parametrize("text", ["0123456789", "０１２３４５６７８９", "三百", "一〇六年"])
def test_ascii_full_width_and_chinese_numerals_are_not_foreign(text: str) -> None:
    assert foreign_digit(text) is None


def test_is_ascii_number() -> None:
    assert is_ascii_number("0912345678")
    assert not is_ascii_number("")
    assert not is_ascii_number("12a")
    assert not is_ascii_number("١٢")  # str.isdecimal() says yes


def test_plain_input_caps_the_length_before_anything_is_converted() -> None:
    assert plain_input("  １２３ ", label="人次", max_length=3) == "123"
    with pytest.raises(ValidationError, match="人次太長了（最多 3 個字）"):
        plain_input("1234", label="人次", max_length=3)
    with pytest.raises(ValidationError, match="太長了"):
        plain_input("1" * 100_000, label="人次", max_length=30)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("示範志工", "示範志工"),
        ("  陳\u3000志工 ", "陳 志工"),  # an ideographic space is an ordinary one
        ("陳\u00a0志工", "陳 志工"),  # no-break space
        ("陳\u2003志工", "陳 志工"),  # em space
        ("ｗａｎｇ　１號", "wang 1號"),  # full-width letters and digits
        ("志工Ⅱ", "志工II"),  # NFKC: the roman numeral is two letters, as it looks
    ],
)
def test_names_are_nfkc_and_spaces_tidied(typed: str, stored: str) -> None:
    assert clean_name(typed, label="姓名", max_length=20) == stored


INVISIBLE = [
    pytest.param("\u200b", id="zero-width-space"),
    pytest.param("\u200c", id="zero-width-non-joiner"),
    pytest.param("\u200d", id="zero-width-joiner"),
    pytest.param("\u2060", id="word-joiner"),
    pytest.param("\ufeff", id="bom"),
    pytest.param("\u00ad", id="soft-hyphen"),
    pytest.param("\u202e", id="bidi-override"),
    pytest.param("\u2066", id="bidi-isolate"),
    pytest.param("\u200f", id="right-to-left-mark"),
    pytest.param("\u2028", id="line-separator"),
    pytest.param("\u2029", id="paragraph-separator"),
    pytest.param("\n", id="newline"),
    pytest.param("\t", id="tab"),
    pytest.param("\x00", id="nul"),
    pytest.param("\ufe0f", id="variation-selector"),
    pytest.param("\u034f", id="combining-grapheme-joiner"),
    pytest.param("\u3164", id="hangul-filler"),
    pytest.param("\ue000", id="private-use"),
]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_invisible_characters_inside_a_name_are_refused(invisible: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_name(f"示範{invisible}志工", label="姓名", max_length=20)
    assert refused.value.message.startswith("姓名裡有看不見的字元（U+")
    assert refused.value.field == "name"


@pytest.mark.parametrize("digit", FOREIGN_DIGITS)
def test_foreign_digits_in_a_name_are_refused_before_nfkc_hides_them(digit: str) -> None:
    with pytest.raises(ValidationError, match=f"姓名裡的「{digit}」不是 0–9 的數字"):
        clean_name(f"志工{digit}", label="姓名", max_length=20)


def test_a_pasted_page_is_refused_as_too_long() -> None:
    with pytest.raises(ValidationError, match="姓名最多 20 個字"):
        clean_name("王" * 1_000_000, label="姓名", max_length=20)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("  人權大步走：行政執行篇 ", "人權大步走：行政執行篇"),  # full-width punctuation kept (no NFKC)
        ("年金改革方案（草案）\t說明會", "年金改革方案（草案） 說明會"),
        ("１０６年度\u3000自衛消防\n編組訓練", "１０６年度 自衛消防 編組訓練"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_line_is_trimmed_and_keeps_what_was_typed(typed: str | None, stored: str) -> None:
    assert clean_line(typed, label="課程名稱", max_length=20, field="title") == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("課" * 21, "課程名稱最多 20 個字。"),
        ("課" * 81, "課程名稱最多 20 個字。"),
        ("課程\u200b名稱", "課程名稱裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
        ("第\u202e3課", "課程名稱裡有看不見的字元（U+202E），可能是從別處貼上的；請刪除後重新輸入。"),
        ("第٣課", "課程名稱裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("第①課", "課程名稱裡的「①」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
    ],
)
def test_a_bad_line_is_refused_with_its_field(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_line(typed, label="課程名稱", max_length=20, field="title")
    assert (refused.value.message, refused.value.field) == (message, "title")


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("  本分署秉持依法行政， \r\n　為民服務（便民）。  \n\n", "本分署秉持依法行政，\n　為民服務（便民）。"),
        ("第一段\r第二段\n\n第三段", "第一段\n第二段\n\n第三段"),  # blank lines inside are kept
        ("１０６年", "１０６年"),  # not NFKC: printed as typed
        ("   \n\u3000 ", ""),
        (None, ""),
    ],
)
def test_a_text_keeps_its_lines_and_what_was_typed(typed: str | None, stored: str) -> None:
    assert clean_text(typed, label="報表文字", max_length=30, field="text") == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("文" * 21, "報表文字最多 20 個字（現在 21 個字）。"),
        ("文\n" * 10 + "文", "報表文字最多 20 個字（現在 21 個字）。"),  # a line break is a character
        ("文" * 81, "報表文字最多 20 個字。"),  # a pasted page, refused before it is looked at
        ("第一段\n第\u200b二段", "報表文字裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
        ("第一段\u2028第二段", "報表文字裡有看不見的字元（U+2028），可能是從別處貼上的；請刪除後重新輸入。"),
        ("第一段\t第二段", "報表文字裡有看不見的字元（U+0009），可能是從別處貼上的；請刪除後重新輸入。"),
        ("第٣段", "報表文字裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
    ],
)
def test_a_bad_text_is_refused_with_its_field(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_text(typed, label="報表文字", max_length=20, field="text")
    assert (refused.value.message, refused.value.field) == (message, "text")
