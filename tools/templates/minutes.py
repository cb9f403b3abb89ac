"""Build templates/minutes.docx: the minutes (會議紀錄) in the layout Taiwanese agencies file.

一、時間 二、地點 三、主席（紀錄） 四、出席人員 五、列席人員 六、主席致詞 七、報告事項
八、討論事項 九、臨時動議 十、散會, numbered by the 綱要 list (一、→（一）→1、→（1）).
Under 七 and 八 each item is one character further in than its parent:

* 七、報告事項: 「報告：」, 「說明：」 with items 1、 (辦理情形, 案例研析) and the cases as
  （1）… (綱要 3 and 4), then 「決定：洽悉。」;
* 八、討論事項: one 案由 per discussed case, numbered 「案由一：」「案由二：」 by a list of its
  own (style 案由), whose 說明 items 1、 (弊端態樣, 風險評估, 防制措施) and the measures
  （1）… restart under each 案由; then the opinions taken to the meeting (提會討論), each with
  its 會議決議; then 「討論：」 when recorded and 「決議：」.

Labelled lines (說明：、決議：、決定：) use the style 紀錄標示, whose wrapped lines align after
the colon. docgen supplies every sentence built from the workbook; the fixed wording is here,
where staff may change it in Word.
"""

from docx.document import Document

from tools.templates import base

LABEL = "MinutesLabel"
MOTIONS = ("Motion", "MotionItem", "MotionSubItem")
MOTION_LIST = (
    base.ListLevel("taiwaneseCountingThousand", "案由%1：", 1, 4),
    base.ListLevel("decimal", "%2、", 2, 1.5),
    base.ListLevel("decimal", "（%3）", 3, 2.5),
)
MOTION_NAMES = ("案由", "案由說明 1", "案由說明 2")
TOP, _, ITEM, SUB_ITEM = base.OUTLINES

# (style, text, keep with next) in document order; None as style marks a docxtpl control
# paragraph. Headings, 「說明：」 and the lead-in to a sub-list stay with what follows them.
BODY: tuple[tuple[str | None, str, bool], ...] = (
    (base.TITLE, "{{ agency }}", True),
    (base.TITLE, "{{ [meeting_name, doc_title] | title_lines }}", True),
    (TOP, "時間：{{ when }}", False),
    (TOP, "地點：{{ venue }}", False),
    (TOP, "主席：{{ chair }}　　　　紀錄：{{ recorder }}", False),
    (TOP, "出席人員：{{ present }}", False),
    (TOP, "列席人員：{{ observers }}", False),
    (TOP, "主席致詞：{{ remarks }}", False),
    (TOP, "報告事項", True),
    (LABEL, "報告：政風室報告本所「{{ project_name }}」辦理情形及案例研析（詳會議資料）。", True),
    (LABEL, "說明：", True),
    (ITEM, "{{ progress }}", False),
    (ITEM, "{{ analysis }}", True),
    (None, "{%p for name in case_names %}", False),
    (SUB_ITEM, "{{ name }}", False),
    (None, "{%p endfor %}", False),
    (LABEL, "決定：洽悉。", False),
    (TOP, "討論事項{{ agenda_none }}", True),
    (None, "{%p for case in agenda %}", False),
    (MOTIONS[0], "{{ case.subject }}", True),
    (LABEL, "說明：", True),
    (None, "{%p for point in case.points %}", False),
    (MOTIONS[1], "{{ point }}", False),
    (None, "{%p endfor %}", False),
    (MOTIONS[1], "{{ case.measures_heading }}", True),
    (None, "{%p for measure in case.measures %}", False),
    (MOTIONS[2], "{{ measure }}", False),
    (None, "{%p endfor %}", False),
    (None, "{%p if case.opinions %}", False),
    (MOTIONS[1], "提會討論之修正意見：", True),
    (None, "{%p for opinion in case.opinions %}", False),
    (MOTIONS[2], "{{ opinion }}", False),
    (None, "{%p endfor %}", False),
    (None, "{%p endif %}", False),
    (None, "{%p if case.discussion %}", False),
    (LABEL, "討論：{{ case.discussion }}", False),
    (None, "{%p endif %}", False),
    (LABEL, "決議：{{ case.resolution }}", False),
    (None, "{%p endfor %}", False),
    (TOP, "臨時動議：{{ motions }}", True),
    (TOP, "散會：{{ adjourned }}", False),
)


def build() -> Document:
    """Return the minutes template."""
    document = base.new_document(header_text="{{ stamp }}")
    _define_styles(document)
    for style_id, text, keep in BODY:
        paragraph = base.add_paragraph(document, text, style_id or base.NORMAL)
        if keep:
            paragraph.paragraph_format.keep_with_next = True
    return document


def _define_styles(document: Document) -> None:
    """Add 紀錄標示 and the 案由 list's three styles, bound to that list."""
    base.define_style(
        document, base.StyleSpec(LABEL, "紀錄標示", left=base.chars(4), hanging=base.chars(3))
    )
    for style_id, name, level in zip(MOTIONS, MOTION_NAMES, MOTION_LIST, strict=True):
        spec = base.StyleSpec(style_id, name, left=level.left, hanging=level.hanging)
        base.define_style(document, spec)
    base.bind_list(document, "docgen-motions", MOTION_LIST, MOTIONS)
