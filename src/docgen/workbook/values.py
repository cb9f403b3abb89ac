"""Parsers for the values staff really type into cells: text, yes/no, levels, dates, times, units.

Every parser takes the raw cell value (as openpyxl returns it) and returns the clean value, or
raises :class:`ValueProblem` with a zh-TW message that says what is wrong and what to type
instead. Parsers know nothing about sheets or cells; the caller adds the location.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

ROC_OFFSET = 1911


class ValueProblem(ValueError):
    """A cell value that cannot be understood; the message is for the user."""


# --- text -------------------------------------------------------------------------------------

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 forbids: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Invisible characters that come with text pasted from documents (docgen's own forms put a
# U+200B after every 「、」 between Latin letters): zero-width space, non-joiner, word joiner and
# byte-order mark anywhere; the zero-width joiner (U+200D) unless it joins two emoji, where it
# is part of the emoji shown (man, ZWJ, woman, ZWJ, girl: a family).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(
    "[\u200b\u200c\u2060\ufeff]|(?<![\U0001f000-\U0001faff\u2600-\u27bf\ufe0f])\u200d"
    "|\u200d(?![\U0001f000-\U0001faff\u2600-\u27bf])"
)


_SPACES = re.compile(r"\s+")
_HINTS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|〈[^〉]*〉|《[^》]*》")
_HEADER_NOISE = re.compile(r"[\s*＊]+")


def decode_excel_escapes(text: str) -> str:
    """Return ``text`` with Excel's ``_xHHHH_`` escapes (``_x000D_`` for CR) decoded."""
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def clean_text(value: object) -> tuple[str, int]:
    """Return the cell as text with plain line breaks, and how many bad characters went.

    For a value read from the workbook's XML: Excel's ``_xHHHH_`` escapes are decoded (once,
    left to right, so ``_x005F_x0041_`` is the typed ``_x0041_``), CR/LF and CR become LF,
    characters that XML forbids are dropped (the count lets the caller warn), surrounding
    whitespace is trimmed; everything else (``&``, ``<``, quotes, emoji, characters outside the
    BMP) is kept exactly.
    """
    return _clean(value, excel_escapes=True)


def clean_typed_text(value: object) -> tuple[str, int]:
    """Return text that did not come from a workbook (a returned form) cleaned like a cell.

    The same as :func:`clean_text` except that nothing is taken for an Excel escape: what a
    unit typed (``report_x0041_v2.pdf``) arrives as typed.
    """
    return _clean(value, excel_escapes=False)


def drop_zero_width(text: str) -> str:
    """Return ``text`` without the invisible zero-width characters of :data:`ZERO_WIDTH`.

    A zero-width joiner between two emoji stays: there it is part of the emoji shown.
    """
    return _ZERO_WIDTH.sub("", text) if any(c in text for c in ZERO_WIDTH) else text


def _clean(value: object, excel_escapes: bool) -> tuple[str, int]:
    if value is None:
        return "", 0
    if isinstance(value, bool):
        return ("是" if value else "否"), 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == time(0) else value
    text = str(value)
    if excel_escapes and "_x" in text:
        text = decode_excel_escapes(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    dropped = 0
    if _XML_FORBIDDEN.search(text):
        text, dropped = _XML_FORBIDDEN.subn("", text)
    return drop_zero_width(text).strip(), dropped


def normalize_key(text: str) -> str:
    """Return ``text`` folded for matching: NFKC (full-width to half-width), no spaces, upper."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


def normalize_header(text: str) -> str:
    """Return a column header reduced to its name.

    Surrounding spaces, ``*`` marks and any bracketed hint go: 「可能性（1-3）」 and
    「 可能性 (1–3)* 」 are both 可能性.
    """
    text = _HINTS.sub("", unicodedata.normalize("NFKC", text))
    return _HEADER_NOISE.sub("", text)


# --- yes / no ---------------------------------------------------------------------------------

_YES = {"是", "Y", "YES", "V", "✓", "✔", "☑", "TRUE", "1", "O", "○", "對", "有"}
_NO = {"否", "N", "NO", "FALSE", "0", "X", "×", "╳", "無", "不是"}


def parse_bool(value: object) -> bool | None:
    """Return True/False for 是/否, Y/N, V, ✓, TRUE/FALSE, 1/0 and the like; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueProblem(f"「{_show(value)}」不是是或否，請填「是」或「否」")
    key = normalize_key(clean_text(value)[0])
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueProblem(f"「{_show(value)}」不是是或否，請填「是」或「否」")


# --- levels 1–3 -------------------------------------------------------------------------------

LIKELIHOOD_WORDS = {"幾乎不可能": 1, "可能": 2, "幾乎確定": 3}
IMPACT_WORDS = {"輕微": 1, "嚴重": 2, "非常嚴重": 3}
_LEVEL_WORDS = {"低": 1, "中": 2, "高": 3}


def parse_level(value: object, words: dict[str, int] | None = None) -> int | None:
    """Return a level 1–3 from a digit (half- or full-width) or a word; None when empty.

    ``words`` adds the scale's own words (可能性: 幾乎不可能/可能/幾乎確定; 影響程度:
    輕微/嚴重/非常嚴重) to 低/中/高.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"「{_show(value)}」不是1至3的等級")
    if isinstance(value, int | float):
        number = float(value)
    else:
        key = normalize_key(clean_text(value)[0])
        if not key:
            return None
        vocabulary = {**_LEVEL_WORDS, **(words or {})}
        if key in vocabulary:
            return vocabulary[key]
        try:
            number = float(key)
        except ValueError:
            hint = "、".join(vocabulary)
            raise ValueProblem(f"「{_show(value)}」不是1至3的等級，請填1、2、3或{hint}") from None
    if not number.is_integer() or not 1 <= number <= 3:
        raise ValueProblem(f"等級「{_show(value)}」超出範圍，請填1至3")
    return int(number)


# --- dates ------------------------------------------------------------------------------------

_WEEKDAYS = "一二三四五六日"
_DATE_TEXT = re.compile(
    r"^(?:中華民國|民國)?\s*(?P<y>\d{2,4})\s*(?:年|[/.\-])\s*(?P<m>\d{1,2})\s*(?:月|[/.\-])"
    r"\s*(?P<d>\d{1,2})\s*日?\s*(?:\((?:星期|週|周)?(?P<w>[一二三四五六日天])\))?\s*(?P<rest>.*)$"
)
_DATE_COMPACT = re.compile(r"^(?P<y>\d{3}|\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_EXCEL_EPOCH = datetime(1899, 12, 30)
EARLIEST_DATE = date(ROC_OFFSET + 1, 1, 1)  # 民國1年1月1日
LATEST_DATE = date(ROC_OFFSET + 199, 12, 31)  # 民國199年12月31日


def looks_like_date(value: object) -> bool:
    """Return True when the value is a date or text shaped like one (even an impossible one)."""
    if isinstance(value, date | datetime):
        return True
    if not isinstance(value, str):
        return False
    text = unicodedata.normalize("NFKC", value).strip()
    return bool(_DATE_TEXT.match(text) or _DATE_COMPACT.match(text))


def parse_date(value: object) -> date | None:
    """Return the date in an Excel date cell or in ROC or western text; None when empty.

    Understood: 106/8/15, 106.8.15, 106-8-15, 106年8月15日, 民國106年8月15日,
    中華民國106年8月15日（星期二）, 2017-08-15, 2017/8/15, 1060815, 20170815, and Excel
    serial numbers. A weekday that disagrees with the date is an error, as is 106/13/45, and
    so is a date outside 民國1年 to 民國199年 (:data:`EARLIEST_DATE`, :data:`LATEST_DATE`).
    """
    found = _parse_date(value)
    if found is not None and not EARLIEST_DATE <= found <= LATEST_DATE:
        raise ValueProblem(
            f"日期「{_show(value)}」是民國{found.year - ROC_OFFSET}年，超出合理範圍；"
            "請填民國1年至199年之間的日期"
        )
    return found


def _parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(f"「{_show(value)}」不是日期")
    if isinstance(value, int | float):
        return _date_from_number(value)
    text = unicodedata.normalize("NFKC", clean_text(value)[0])
    if not text:
        return None
    return _date_from_text(text, original=str(value))


def _date_from_number(value: float) -> date:
    number = int(value)
    if number != value:
        raise ValueProblem(f"「{_show(value)}」不是日期")
    text = str(number)
    if _DATE_COMPACT.match(text):
        return _date_from_text(text, original=text)
    if 1 <= number <= 2958465:
        return (_EXCEL_EPOCH + timedelta(days=number)).date()
    raise ValueProblem(f"「{_show(value)}」不是日期")


def _date_from_text(text: str, original: str) -> date:
    match = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if not match:
        raise ValueProblem(
            f"「{original}」不是可辨識的日期，請填如「106/8/15」或「106年8月15日」的民國日期"
        )
    groups = match.groupdict()
    if groups.get("rest"):
        raise ValueProblem(f"「{original}」的日期後有無法辨識的文字「{groups['rest']}」")
    year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
    if year < 1000:
        year += ROC_OFFSET
    try:
        result = date(year, month, day)
    except ValueError:
        raise ValueProblem(f"日期「{original}」不存在，請檢查年、月、日") from None
    weekday = groups.get("w")
    if weekday and _WEEKDAYS[result.weekday()] != weekday.replace("天", "日"):
        raise ValueProblem(f"「{original}」的星期有誤：該日為星期{_WEEKDAYS[result.weekday()]}")
    return result


# --- times ------------------------------------------------------------------------------------

_TIME_TEXT = re.compile(
    r"^(?P<half>上午|早上|中午|下午|晚上|AM|PM)?\s*(?P<h>\d{1,2})\s*(?:[:時点點]\s*(?P<m>\d{1,2})?"
    r"\s*分?|(?P<hm>\d{2}))?\s*(?P<half2>AM|PM)?$"
)


def parse_time(value: object) -> time | None:
    """Return the time in a cell: Excel times, 14:00, 1400, 下午2時, 下午2時30分, 2:00 PM."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, bool):
        raise ValueProblem(f"「{_show(value)}」不是時間")
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    text = unicodedata.normalize("NFKC", clean_text(value)[0]).upper().replace(" ", "")
    if not text:
        return None
    match = _TIME_TEXT.match(text)
    if not match:
        raise ValueProblem(f"「{_show(value)}」不是可辨識的時間，請填如「14:00」或「下午2時」")
    hour = int(match.group("h"))
    minute = int(match.group("m") or match.group("hm") or 0)
    if match.group("hm") is None and match.group("m") is None and len(match.group("h")) > 2:
        raise ValueProblem(f"「{_show(value)}」不是可辨識的時間")
    hour = _apply_half_day(hour, match.group("half") or match.group("half2"), value)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueProblem(f"時間「{_show(value)}」不存在")
    return time(hour, minute)


def _apply_half_day(hour: int, half: str | None, original: object) -> int:
    if half in ("下午", "晚上", "PM"):
        if hour > 12:
            raise ValueProblem(f"時間「{_show(original)}」有誤：下午不會有{hour}時")
        return hour if hour == 12 else hour + 12
    if half in ("上午", "早上", "AM") and hour == 12:
        return 0
    return hour


# --- ROC years and lists ----------------------------------------------------------------------


def parse_roc_year(value: object) -> int | None:
    """Return an ROC year from 105, 105年, 民國105年 or 2016; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.year - ROC_OFFSET
    text = unicodedata.normalize("NFKC", clean_text(value)[0])
    match = re.fullmatch(r"(?:中華民國|民國)?\s*(\d{1,4})(?:\.0)?\s*年?(?:度)?", text)
    if not text:
        return None
    if not match:
        raise ValueProblem(f"「{_show(value)}」不是年度，請填民國年，如「105」")
    year = int(match.group(1))
    if year >= 1912:
        year -= ROC_OFFSET
    if not 1 <= year <= 200:
        raise ValueProblem(f"年度「{_show(value)}」不合理，請填民國年，如「105」")
    return year


_LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")


def split_list(value: object) -> list[str]:
    """Return the items of a cell holding several, separated by 、，,; or line breaks.

    ``value`` is text already cleaned by :func:`clean_text`: its escapes are not decoded twice.
    """
    text = clean_typed_text(value)[0]
    return [item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip()]


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    return str(value)
