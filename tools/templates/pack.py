"""Build templates/pack.docx: the final 會議資料.

開會通知單 (official notice layout), 議程, then 壹、依據, 貳、目的 and the case chapters
(see ``chapters.py``), then the opinions taken to the meeting (提會討論, when there are any:
also listed under the agenda's 討論事項), then the appendix 修正意見處理情形表. The header
holds ``{{ stamp }}``: empty for an approved pack, 「未核定…」 when forced. The notice's 備註
and the agenda use the 一、 list, each part restarted; the chapters use the 壹、 list, so
numbering never runs from one part into the next.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.text.paragraph import Paragraph

from tools.templates import base, chapters

REMARKS = (
    "檢附會議資料1份，請攜帶與會。",
    "請各單位主管準時出席；如不克出席，請指派熟悉業務之人員代理。",
    "為響應環保，請自備環保杯。",
)
DISCUSSIONS_LEAD = (
    "下列修正意見由政風室提請本次會議討論，並列初稿內容及建議內容，由會議決定是否採納。"
)
DISCUSSION_FIELDS = (
    ("初稿內容", "{{ d.current }}"),
    ("建議內容", "{{ d.proposal }}"),
    ("理　　由", "{{ d.reason }}"),
)
OPINION_HEADERS = (
    "意見\n編號",
    "提出\n單位",
    "案例",
    "措施",
    "意見\n類型",
    "建議內容",
    "處理\n結果",
    "處理說明",
)
OPINION_WIDTHS = (1.2, 1.5, 2.0, 1.4, 1.2, 3.7, 1.9, 3.1)  # 措施 holds 「M08-1」
OPINION_CELLS = (
    ("{{ o.id }}", base.TABLE_TEXT_CENTER),
    ("{{ o.unit }}", base.TABLE_TEXT_CENTER),
    ("{{ o.case }}", base.TABLE_TEXT),
    ("{{ o.measure }}", base.TABLE_TEXT_CENTER),
    ("{{ o.kind }}", base.TABLE_TEXT_CENTER),
    ("{{ o.proposal }}", base.TABLE_TEXT),
    ("{{ o.decision }}", base.TABLE_TEXT_CENTER),
    ("{{ o.note }}", base.TABLE_TEXT),
)


def build() -> Document:
    """Return the pack template."""
    document = base.new_document(header_text="{{ stamp }}")
    chapters.add_styles(document)
    add_notice(document)
    add_agenda(document)
    add_title_block(document)
    chapters.add_intro(document)
    chapters.add_chapters(document)
    add_discussions(document)
    add_appendix(document)
    return document


def field(document: Document, label: str, value: str, style_id: str = base.NORMAL) -> Paragraph:
    """Add 「label：value」 whose wrapped lines align after the label (a hanging indent)."""
    paragraph = base.add_paragraph(document, f"{label}：{value}", style_id)
    size = base.SMALL_PT if style_id == base.SMALL else base.BODY_PT
    width = base.Pt(size * (len(label) + 1))
    paragraph.paragraph_format.left_indent = width
    paragraph.paragraph_format.first_line_indent = -width
    return paragraph


def add_notice(document: Document) -> None:
    """Add the 開會通知單 and end its page."""
    add_notice_header(document, (("附件", "會議資料1份"),))
    add_notice_body(document, chair="{{ chair }}")
    base.add_paragraph(document, "備註：")
    for remark in REMARKS:
        base.add_paragraph(document, remark, base.OUTLINES[0])
    base.add_page_break(document)


def add_notice_header(document: Document, small_fields: Sequence[tuple[str, str]]) -> None:
    """Add the notice's title, 受文者 and 發文日期, then ``small_fields`` (label, value)."""
    base.add_paragraph(document, "{{ agency }}　開會通知單", base.TITLE)
    base.add_paragraph(document, "")
    field(document, "受文者", "如出席者及列席者")
    field(document, "發文日期", "{{ issue_date }}", base.SMALL)
    for label, value in small_fields:
        field(document, label, value, base.SMALL)
    base.add_paragraph(document, "")


def add_notice_body(document: Document, chair: str) -> None:
    """Add 開會事由 to 副本, the meeting's fields and who attends, and a blank line."""
    field(document, "開會事由", "召開{{ meeting_name }}")
    field(document, "開會時間", "{{ meeting_when }}")
    field(document, "開會地點", "{{ venue }}")
    field(document, "主持人", chair)
    field(document, "聯絡人及電話", "{{ contact }}")
    base.add_paragraph(document, "")
    field(document, "出席者", "{{ attendees }}", base.SMALL)
    field(document, "列席者", "{{ observers }}", base.SMALL)
    field(document, "副本", "{{ copies }}", base.SMALL)
    base.add_paragraph(document, "")


def add_agenda(document: Document) -> None:
    """Add the 議程 (一、主席致詞 … 五、散會, one （一） per case) and end its page."""
    base.add_paragraph(document, "{{ [meeting_name, '議程'] | title_lines }}", base.TITLE)
    base.add_paragraph(document, "")
    field(document, "時間", "{{ meeting_when }}")
    field(document, "地點", "{{ venue }}")
    field(document, "主持人", "{{ chair }}")
    base.add_paragraph(document, "")
    first = base.add_paragraph(document, "主席致詞", base.OUTLINES[0])
    agenda = base.restart_numbering(first)
    rest = [
        base.add_paragraph(
            document, "報告事項：政風室報告{{ project_name }}辦理情形", base.OUTLINES[0]
        ),
        base.add_paragraph(document, "討論事項", base.OUTLINES[0]),
    ]
    chapters.tag(document, "{%p for c in chapters %}")
    rest.append(base.add_paragraph(document, "{{ c.name }}", base.OUTLINES[1]))
    chapters.tag(document, "{%p endfor %}")
    chapters.tag(document, "{%p for d in discussions %}")
    rest.append(base.add_paragraph(document, "{{ d.title }}", base.OUTLINES[1]))
    chapters.tag(document, "{%p endfor %}")
    rest.append(base.add_paragraph(document, "臨時動議", base.OUTLINES[0]))
    rest.append(base.add_paragraph(document, "散會", base.OUTLINES[0]))
    base.use_numbering(rest, agenda)
    base.add_page_break(document)


def add_title_block(document: Document) -> None:
    """Add the title over the pack's body: agency, project, 「…會議資料」."""
    base.add_paragraph(document, "{{ agency }}", base.TITLE)
    base.add_paragraph(document, "{{ project_name }}", base.SUBTITLE)
    base.add_paragraph(document, "{{ [meeting_name, '會議資料'] | title_lines }}", base.TITLE)
    base.add_paragraph(document, "")


def add_discussions(document: Document) -> None:
    """Add the opinions taken to the meeting (提會討論): the draft's text beside the proposal."""
    chapters.tag(document, "{%p if discussions %}")
    title = base.add_paragraph(document, "提會討論之修正意見", base.HEADINGS[0])
    title.paragraph_format.page_break_before = True
    base.add_paragraph(document, DISCUSSIONS_LEAD, base.BODIES[0])
    chapters.tag(document, "{%p for d in discussions %}")
    heading = base.add_paragraph(document, "{{ d.title }}", base.HEADINGS[1])
    heading.paragraph_format.keep_with_next = True
    for label, value in DISCUSSION_FIELDS:
        paragraph = base.add_paragraph(document, f"{label}：{value}", chapters.LABELLED)
        paragraph.paragraph_format.keep_with_next = value != "{{ d.reason }}"
    chapters.tag(document, "{%p endfor %}")
    chapters.tag(document, "{%p endif %}")


def add_appendix(document: Document) -> None:
    """Add the appendix 修正意見處理情形表 on a page of its own."""
    title = base.add_paragraph(document, "附件　修正意見處理情形表", base.TITLE)
    title.paragraph_format.page_break_before = True
    base.add_paragraph(document, "")
    chapters.tag(document, "{%p if opinions %}")
    chapters.add_loop_table(
        document, "o in opinions", OPINION_HEADERS, OPINION_WIDTHS, OPINION_CELLS
    )
    chapters.tag(document, "{%p else %}")
    base.add_paragraph(document, "各單位均未提出修正意見。")
    chapters.tag(document, "{%p endif %}")
