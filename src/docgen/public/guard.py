"""The personal-data guard: find what must not be made public in text bound for the 專區.

Certain kinds are found by pattern (national ID and resident certificate numbers with their
checksum, phone numbers through ``phonenumbers``, e-mail addresses, court case numbers, street
addresses with a number) or by exact match of the names the workbook already holds. One kind
is a guess for a person to review: a 2–4 character name right after a role word (被告王大明).
Text is matched after NFKC normalisation (full-width digits and letters), and every hit reports
the substring as it was typed. A hit a person judged harmless is waived by a :class:`Waiver`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

__all__ = ["GuardResult", "Hit", "Kind", "PublicText", "Waiver", "scan"]


class Kind(Enum):
    """What a hit looks like; the value is the reason shown to staff."""

    NATIONAL_ID = "疑似身分證統一編號"
    RESIDENT_ID = "疑似居留證統一證號"
    PHONE = "疑似電話號碼"
    EMAIL = "疑似電子郵件地址"
    CASE_NUMBER = "疑似法院案號"
    ADDRESS = "疑似門牌地址"
    NAME = "工作簿中的人名"
    ROLE_NAME = "職稱後疑似人名，請確認"


@dataclass(frozen=True)
class PublicText:
    """One piece of text that will be made public, and where it came from."""

    where: str
    label: str
    text: str


@dataclass(frozen=True)
class Hit:
    """Personal data found in a public text, with the exact substring that matched."""

    where: str
    label: str
    matched: str
    reason: str
    review: bool
    kind: Kind | None = None

    @property
    def masked(self) -> str:
        """Return ``matched`` as messages show it: partly hidden (「D1223…」, 「王○○」)."""
        return _mask(self.matched, self.kind)

    def message(self) -> str:
        """Return the zh-TW line for staff, showing ``matched`` only in a masked form."""
        place = f"{self.where}（{self.label}）" if self.label else self.where
        return f"{place}：{self.reason}「{self.masked}」"


@dataclass(frozen=True)
class Waiver:
    """A hit a person judged harmless, recorded in the workbook."""

    matched: str
    where: str = ""
    by: str = ""
    on: str = ""
    reason: str = ""

    def covers(self, hit: Hit) -> bool:
        """Return True when this waiver applies to ``hit``.

        The waiver names the text as found or as the message showed it (masked); a masked text
        is only specific enough together with its cell.
        """
        where = self.where.strip().replace("！", "!")
        matched = self.matched.strip()
        if where not in ("", hit.where):
            return False
        return matched == hit.matched or (bool(where) and matched == hit.masked)


@dataclass(frozen=True)
class GuardResult:
    """What a scan found: the hits still to resolve, and the waived ones with their waiver."""

    hits: tuple[Hit, ...]
    waived: tuple[tuple[Hit, Waiver], ...]

    @property
    def ok(self) -> bool:
        """Return True when nothing is left to resolve."""
        return not self.hits


# --- masking ---------------------------------------------------------------------------------


def _mask(matched: str, kind: Kind | None) -> str:
    """Return ``matched`` with most of it hidden, in the style fitting its kind."""
    if kind in (Kind.NAME, Kind.ROLE_NAME):
        return matched[:1] + "○" * (len(matched) - 1)
    if kind is Kind.ADDRESS:
        return matched[: max(1, min(6, len(matched) - 3))] + "…"
    return matched[: max(1, min(5, len(matched) // 2))] + "…"


# --- normalisation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Normalised:
    """NFKC text and, for each of its characters, the index of the original one."""

    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span that normalised ``start:end`` came from."""
        return self.origin[start], self.origin[end - 1] + 1


_fold = functools.lru_cache(maxsize=4096)(functools.partial(unicodedata.normalize, "NFKC"))


def _normalise(text: str) -> _Normalised:
    """Return ``text`` NFKC-normalised character by character, keeping the way back."""
    parts = [_fold(char) for char in text]
    folded = "".join(parts)
    if len(folded) == len(text):  # no character grew (none ever vanishes): the same places
        return _Normalised(folded, range(len(text)))
    origin: list[int] = []
    for index, part in enumerate(parts):
        origin.extend([index] * len(part))
    return _Normalised(folded, tuple(origin))


@dataclass(frozen=True)
class _Span:
    """A hit's place in the normalised text."""

    start: int
    end: int
    kind: Kind


# --- ID numbers ------------------------------------------------------------------------------

_LETTER_CODES = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
    10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32,
    30, 31, 33,
), strict=True))  # fmt: skip
_ID_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z](?:[1289]|[A-Da-d])[0-9]{8}(?![A-Za-z0-9])")


def _id_checksum_ok(number: str) -> bool:
    """Return True when a national ID or resident certificate number passes its checksum."""
    first, second, rest = number[0], number[1], number[2:]
    code = _LETTER_CODES[first]
    second_digit = second if second.isdigit() else str(_LETTER_CODES[second])[-1]
    digits = [code // 10, code % 10, int(second_digit), *map(int, rest)]
    return sum(w * d for w, d in zip(_ID_WEIGHTS, digits, strict=True)) % 10 == 0


def _ids(text: str) -> Iterator[_Span]:
    """Yield checksum-valid national ID and resident certificate numbers."""
    for match in _ID.finditer(text):
        number = match.group().upper()
        if _id_checksum_ok(number):
            kind = Kind.NATIONAL_ID if number[1] in "12" else Kind.RESIDENT_ID
            yield _Span(match.start(), match.end(), kind)


# --- phone numbers ---------------------------------------------------------------------------

_PHONE_WORD = r"(?:電話|專線|分機|傳真|手機|行動電話|市話|TEL|Tel|tel|Phone|phone)"
_LOCAL = r"(?<![\d\-)])(\d{3,4}-\d{4}|\d{7,8})(?![\d\-])"
_LOCAL_PHONES = (
    re.compile(_PHONE_WORD + r"\s*(?:號碼)?\s*(?::|為|是)?\s*" + _LOCAL),
    re.compile(_LOCAL + r"\s*(?:分機|轉|#|ext)"),
)


def _same_number(one: str, other: str) -> bool:
    """Return True when two national numbers are the same, one maybe without its area code."""
    short, long = sorted((one, other), key=len)
    if short == long:
        return True
    prefix = long[: len(long) - len(short)]
    return (
        long.endswith(short)
        and len(short) >= 7
        and len(prefix) <= 3
        and not prefix.startswith(("8", "9"))
    )


def _is_allowed(number: str, allowed: frozenset[str]) -> bool:
    """Return True when ``number`` is one of the agency's own published numbers."""
    return any(_same_number(number, own) for own in allowed)


# The fewest digits a valid number can be written with: an Austrian one, +43 and 4 digits
# (Taiwan's own have at least 7). A text with fewer digits holds no number to look for.
MIN_PHONE_DIGITS = 6


# A run of digits a phone number could be written as: MIN_PHONE_DIGITS digits, at most three
# of phonenumbers' separators (spaces, dashes, dots, slashes, brackets, tildes, plus) between
# two of them. phonenumbers finds a number only in such a run.
_SEPARATOR = r"[\s\-./()\[\]~+\u2010-\u2015\u2212\u30fc\uff5e]"
_DIGIT_RUN = re.compile(rf"\d(?:{_SEPARATOR}{{0,3}}\d){{{MIN_PHONE_DIGITS - 1},}}")


def _matched_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield start, end and national number of each phone number ``phonenumbers`` finds."""
    if _DIGIT_RUN.search(text) is None:
        return
    import phonenumbers  # 40 ms to import: only once a text has a run of digits like a number

    leniency = phonenumbers.Leniency.VALID
    for match in phonenumbers.PhoneNumberMatcher(text, "TW", leniency=leniency):
        yield match.start, match.end, str(match.number.national_number)


def _local_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield landline numbers written without an area code next to a phone word."""
    for pattern in _LOCAL_PHONES:
        for match in pattern.finditer(text):
            yield match.start(1), match.end(1), match.group(1).replace("-", "")


def _phones(text: str, allowed: Callable[[], frozenset[str]]) -> Iterator[_Span]:
    """Yield phone numbers that are not the agency's own (``allowed()`` gives those)."""
    for start, end, number in (*_matched_numbers(text), *_local_numbers(text)):
        if not _is_allowed(number, allowed()):
            yield _Span(start, end, Kind.PHONE)


def _allowed_numbers(phones: Iterable[str]) -> frozenset[str]:
    """Return the national numbers of the agency's own phones as typed in the workbook."""
    numbers: set[str] = set()
    for typed in phones:
        text = unicodedata.normalize("NFKC", typed)
        found = {number for _, _, number in _matched_numbers(text)}
        digits = re.sub(r"\D", "", text)
        numbers |= found or ({digits} if len(digits) >= 7 else set())
    return frozenset(numbers)


# --- e-mail, case numbers, addresses ---------------------------------------------------------

_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_CASE_NUMBER = re.compile(rf"(?<!\d)\d{{2,3}}年度{_CJK}{{1,4}}字第\d+號")
_NUM = r"[0-9一二三四五六七八九十百零〇]+"
_ADDRESS = re.compile(
    rf"(?![住於在位址至往到送寄赴])(?:{_CJK}{{2}}[市縣])?(?:{_CJK}{{1,2}}[區鄉鎮市])?"
    rf"(?:{_CJK}{{1,3}}[里村](?:{_NUM}鄰)?)?{_CJK}{{1,4}}?(?:路|街|大道)"
    rf"(?:{_NUM}段)?(?:{_NUM}巷)?(?:{_NUM}弄)?{_NUM}(?:[-之]{_NUM})?號"
    rf"(?:之{_NUM})?(?:{_NUM}樓(?:之{_NUM})?)?"
)


def _pattern_spans(pattern: re.Pattern[str], kind: Kind, text: str) -> Iterator[_Span]:
    """Yield every match of ``pattern`` as a span of ``kind``."""
    for match in pattern.finditer(text):
        yield _Span(match.start(), match.end(), kind)


# --- names -----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"[某○〇×]|OO|XX")


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Return one pattern for the workbook's names, longest first; None when there are none."""
    cleaned = {unicodedata.normalize("NFKC", name).strip() for name in names}
    usable = [n for n in cleaned if len(n) >= 2 and not _PLACEHOLDER.search(n)]
    if not usable:
        return None
    return re.compile("|".join(map(re.escape, sorted(usable, key=len, reverse=True))))


_ROLE_WORDS = (
    "被告", "上訴人", "被上訴人", "告訴人", "告發人", "檢舉人", "被害人", "證人", "關係人",
    "犯罪嫌疑人", "嫌疑人", "申請人", "代理人", "受款人", "當事人", "承辦人", "承辦人員",
    "課員", "課長", "科員", "科長", "股長", "專員", "幹事", "里幹事", "里長", "村長", "鄰長",
    "區長", "副區長", "廠商負責人", "負責人", "技士", "技佐", "技工", "工友", "司機", "辦事員",
    "約僱人員", "臨時人員", "清潔隊員", "隊員", "隊長", "職員", "主任", "秘書", "主計員",
    "出納", "會計",
)  # fmt: skip
_ROLE = re.compile("(?:" + "|".join(sorted(_ROLE_WORDS, key=len, reverse=True)) + r")[\s:]{0,2}")
_SURNAMES = frozenset(
    "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁"
    "趙顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董温溫唐藍石蔣古紀姚連馮歐程湯田康姜白汪鄒尤巫"
    "鐘黎涂凃龔嚴韓袁金童陸夏柳邵錢倪譚駱熊甘秦顧毛章俞雷粘饒凌崔尹孔辛武辜陶段韋葛池孟殷"
)
_COMPOUND_SURNAMES = frozenset(
    ("歐陽", "司馬", "諸葛", "上官", "東方", "張簡", "范姜", "司徒", "夏侯", "皇甫", "公孫")
)
# Characters that, right after a subject, start what is said about them; rare in given names.
_STOP_CHARS = frozenset(
    "於在的等及與或即亦未均並竟遂則係被把讓使從由而也都還僅某姓稱就對向將所另因涉偽虛浮詐侵製擔"
    "索擅核簽審課室處局股隊甲乙丙"
)
# Words that start what is said about the subject, including words that begin with a surname.
_STOP_WORDS = frozenset(
    (
        "陳報", "陳述", "陳請", "陳情", "曾於", "曾經", "曾任", "時任", "任職", "申請", "申報",
        "管理", "施工", "施作", "連續", "陸續", "金額", "張貼", "周知", "方式", "高價", "紀錄",
        "簡化", "許可", "何時", "林務", "董事", "經手", "不實", "供稱", "證稱", "坦承", "承認",
        "否認", "表示", "指出", "說明", "主張", "蓄意", "故意", "竟然", "一人", "本人", "個人",
        "自行", "代為", "代理", "多次", "長期", "藉機", "藉故", "趁機", "共同", "明知", "利用",
        "涉嫌", "職務", "負責", "辦理", "收受", "偽造", "虛報", "浮報", "詐領", "侵占", "登載",
        "製作", "擔任", "知悉", "基於", "要求", "索取", "假借", "私自", "擅自", "未經", "核章",
        "簽報", "審核", "審查", "核銷", "核准", "溢領", "冒領", "重複", "上班", "下班", "加班",
        "出差", "值班", "公務", "業務", "同意", "拒絕", "承辦", "辦公", "辦事",
    )
)  # fmt: skip


def _stops_at(run: str, index: int) -> bool:
    """Return True when what is said about the subject starts at ``run[index]``."""
    return run[index] in _STOP_CHARS or run[index : index + 2] in _STOP_WORDS


def _name_length(run: str) -> int:
    """Return the length of the name ``run`` starts with, or 0 when it starts with none."""
    surname = 2 if run[:2] in _COMPOUND_SURNAMES else 1
    if surname == 1 and (run[0] not in _SURNAMES or run[:2] in _STOP_WORDS):
        return 0
    length = min(len(run), surname + 2)
    for index in range(surname, length):
        if _stops_at(run, index):
            length = index
            break
    return length if length > surname else 0


_NAME_RUN = re.compile(f"{_CJK}{{1,4}}")


def _role_names(text: str, units: tuple[str, ...]) -> Iterator[_Span]:
    """Yield what looks like a person's name right after a role word, for review."""
    for role in _ROLE.finditer(text):
        start = role.end()
        run = _NAME_RUN.match(text, start)
        if run is None or text.startswith(units, start):
            continue
        length = _name_length(run.group())
        if length:
            yield _Span(start, start + length, Kind.ROLE_NAME)


def _exact_names(text: str, pattern: re.Pattern[str] | None) -> Iterator[_Span]:
    """Yield every occurrence of a name the workbook holds."""
    if pattern is not None:
        yield from _pattern_spans(pattern, Kind.NAME, text)


# --- scanning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """What a scan needs besides the text, prepared once."""

    names: re.Pattern[str] | None
    allowed_phones: Callable[[], frozenset[str]]  # found on first need (phonenumbers parses)
    units: tuple[str, ...]


def _candidates(text: str, rules: _Rules) -> Iterator[_Span]:
    """Yield every span any detector finds, the more certain kinds first."""
    yield from _ids(text)
    yield from _pattern_spans(_CASE_NUMBER, Kind.CASE_NUMBER, text)
    yield from _pattern_spans(_EMAIL, Kind.EMAIL, text)
    yield from _phones(text, rules.allowed_phones)
    yield from _pattern_spans(_ADDRESS, Kind.ADDRESS, text)
    yield from _exact_names(text, rules.names)
    yield from _role_names(text, rules.units)


def _without_overlaps(spans: Iterable[_Span]) -> list[_Span]:
    """Return the spans that overlap no earlier one, sorted by position."""
    kept: list[_Span] = []
    for span in spans:
        if all(span.end <= other.start or other.end <= span.start for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda span: (span.start, span.end))


def _hits_in(item: PublicText, rules: _Rules) -> Iterator[Hit]:
    """Yield the hits in one public text, in the order they appear."""
    normalised = _normalise(item.text)
    for span in _without_overlaps(_candidates(normalised.text, rules)):
        start, end = normalised.span(span.start, span.end)
        review = span.kind is Kind.ROLE_NAME
        yield Hit(item.where, item.label, item.text[start:end], span.kind.value, review, span.kind)


def _waiver_for(hit: Hit, waivers: tuple[Waiver, ...]) -> Waiver | None:
    """Return the first waiver covering ``hit``, or None."""
    return next((waiver for waiver in waivers if waiver.covers(hit)), None)


def scan(
    texts: Iterable[PublicText],
    *,
    names: Iterable[str] = (),
    allowed_phones: Iterable[str] = (),
    units: Iterable[str] = (),
    waivers: Iterable[Waiver] = (),
) -> GuardResult:
    """Return the personal data found in ``texts``, split into unresolved and waived hits.

    ``names`` are the personal names the workbook holds, ``allowed_phones`` the agency's own
    published numbers as typed, ``units`` the unit names (so 承辦人社會課 names no one).
    """
    rules = _Rules(
        names=_names_pattern(names),
        allowed_phones=functools.cache(functools.partial(_allowed_numbers, tuple(allowed_phones))),
        units=tuple(u for u in (unicodedata.normalize("NFKC", u).strip() for u in units) if u),
    )
    all_waivers = tuple(waivers)
    hits: list[Hit] = []
    waived: list[tuple[Hit, Waiver]] = []
    for item in texts:
        for hit in _hits_in(item, rules):
            waiver = _waiver_for(hit, all_waivers)
            if waiver is None:
                hits.append(hit)
            else:
                waived.append((hit, waiver))
    return GuardResult(tuple(hits), tuple(waived))
