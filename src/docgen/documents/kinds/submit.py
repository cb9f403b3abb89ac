"""陳報市府政風處: the report of the abstracted patterns to the city, with its 函 and e-mail.

Written under ``陳報/`` after the meeting, only once the personal-data guard passes:

* ``防貪策略資料_<機關>_<日期>.docx``: per published case its pattern, 公開摘要, risk
  assessment in brief (levels before and after controls, the 3×3 grids), the adopted measures
  with 權責單位 and 完成期限, 參考法條; its data embedded as a versioned custom XML part
  (:mod:`docgen.public.submission`), and the same data as ``.json`` beside it;
* ``陳報函_<機關>_<日期>.docx``: the cover letter as a 函 draft, 發文日期 and 發文字號 left for
  the clerk's numbering;
* ``陳報郵件_<機關>_<日期>.eml``: the e-mail to 專案設定's 政風處信箱 with both attached,
  marked as an unsent draft (when the address is given);
* with ``Options.companions`` (``docgen submit`` asks for PDF and ODT), the PDF and ODT of the
  report and the letter, made by one LibreOffice, beside them and attached after each.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import NONE, render_kind, safe_name, settings_cell
from docgen.model.dates import roc_date
from docgen.model.wording import basis_phrase, self_reference

if TYPE_CHECKING:
    from docgen.model.project import Project
    from docgen.problems import Problem
    from docgen.public.entries import Post, PublicEntry

TITLE = "陳報市府政風處資料"
FOLDER = Path("陳報")
REPORT = "防貪策略資料"
LETTER = "陳報函"
MAIL = "陳報郵件"
DEFAULT_RECIPIENT = "臺南市政府政風處"
DEFAULT_SPEED = "普通件"
DEFAULT_CLOSING = "鑒核"


def not_ready(project: Project, options: Options) -> str | None:
    """Return why nothing can be reported yet: no meeting recorded, or no case to report."""
    from docgen.public import readiness

    return readiness.not_ready(project)


def check(project: Project, options: Options) -> list[Problem]:
    """Return every suspected personal data in what would be reported (the guard's hits)."""
    from docgen.public import readiness

    return readiness.problems(project)


def render(project: Project, options: Options) -> list[Rendered]:
    """Return the submission, its JSON, the letter and (with an address) the e-mail draft."""
    from docgen.model.revisions import apply_revisions
    from docgen.public import submission
    from docgen.public.entries import post_of, public_entries

    entries = public_entries(project, apply_revisions(project))
    post = post_of(project)
    data = submission.submission_data(
        project.settings.agency,
        project.settings.project_name,
        project.settings.meeting_date.year - 1911,
        post,
        entries,
        _contact(project),
    )
    report = render_kind("submit", project, options, _report(project, entries, post), REPORT)
    letter = render_kind("letter", project, options, _letter(project, entries), LETTER)
    stem = f"{safe_name(project.settings.agency)}_{roc_date(post.updated)}"
    report_name, letter_name = f"{REPORT}_{stem}.docx", f"{LETTER}_{stem}.docx"
    report = _embedded(report, data, project)
    words = [(report_name, report), (letter_name, letter)]
    companions, notes = _companions(words, options.companions)
    documents = [
        Rendered(FOLDER / report_name, report),
        Rendered(FOLDER / f"{REPORT}_{stem}.json", submission.to_json(data)),
        Rendered(FOLDER / letter_name, letter, _address_note(project) + notes),
        *(Rendered(FOLDER / name, content) for name, content in companions),
    ]
    if project.settings.city_email:
        mail = _mail(project, post, _attachments(words, companions))
        documents.append(Rendered(FOLDER / f"{MAIL}_{stem}.eml", mail))
    return documents


def _companions(
    words: list[tuple[str, bytes]], formats: tuple[str, ...]
) -> tuple[list[tuple[str, bytes]], tuple[str, ...]]:
    """Return the PDF and ODT of the Word documents ``words`` (name, bytes), made in one batch.

    Without LibreOffice (or when it fails) there are none, and the note says why: the e-mail
    then carries the Word documents only.
    """
    if not formats:
        return [], ()
    from docgen.office.batch import convert_documents
    from docgen.office.errors import OfficeError

    try:
        made = convert_documents(words, formats)
    except OfficeError as error:
        reasons = "；".join(problem.message for problem in error.problems)
        return [], (f"陳報郵件只附 Word 檔，未附 PDF 與 ODT：{reasons}",)
    found = [
        (str(Path(name).with_suffix(f".{fmt}")), made[(name, fmt)])
        for name, _ in words
        for fmt in formats
    ]
    return found, ()


def _attachments(
    words: list[tuple[str, bytes]], companions: list[tuple[str, bytes]]
) -> list[tuple[str, bytes]]:
    """Return the e-mail's attachments: each Word document followed by its PDF and ODT."""
    found = []
    for name, data in words:
        stem = Path(name).stem
        found.append((name, data))
        found.extend(item for item in companions if Path(item[0]).stem == stem)
    return found


def _embedded(data: bytes, payload: dict[str, Any], project: Project) -> bytes:
    """Return the rendered submission carrying its data as a custom XML part."""
    from docgen.documents.common import document_time
    from docgen.ooxml import custom_xml
    from docgen.public import submission
    from docgen.render.stamp import stamp

    moment = stamp(document_time(project))
    return custom_xml.embed(data, submission.to_xml(payload), submission.ITEM_ID, moment)


def _contact(project: Project) -> dict[str, str]:
    settings = project.settings
    return {
        "officer": settings.officer,
        "phone": settings.phone,
        "fax": settings.fax,
        "email": settings.email,
    }


def _recipient(project: Project) -> str:
    return project.settings.report_to or DEFAULT_RECIPIENT


def _report(project: Project, entries: list[PublicEntry], post: Post) -> dict[str, Any]:
    """Return the submission's context: the cover, 說明 and one chapter per entry."""
    settings = project.settings
    own = self_reference(settings.agency)
    basis = f"依{basis_phrase(settings.basis)}辦理廉政細工專案，" if settings.basis else ""
    return {
        "report_to": _recipient(project),
        "report_date": f"中華民國{post.updated_text}",
        "explanation": (
            f"{own}{basis}蒐集本機關及他機關貪瀆違失案例，於{roc_date(settings.meeting_date)}"
            f"召開{settings.meeting_name}討論決議。茲將抽象化、類型化後之弊端態樣{len(entries)}則"
            f"及其風險評估與防制措施彙整如後，陳報{_recipient(project)}彙編參考。"
        ),
        "entries": [_chapter(entry) for entry in entries],
    }


def _chapter(entry: PublicEntry) -> dict[str, Any]:
    from docgen.documents.chapters import grid

    residual = {r.id: (r.after.likelihood, r.after.impact) for r in entry.risks if r.after}
    return {
        "title": entry.title,
        "facts": f"業務類別：{entry.category}；發生年度：{entry.year_text}",
        "summary": entry.summary,
        "risks": [
            {
                "id": risk.id,
                "item": risk.item,
                "before": risk.before.short(),
                "after": risk.after.short() if risk.after else "未評估",
            }
            for risk in entry.risks
        ],
        "grid": grid({r.id: (r.before.likelihood, r.before.impact) for r in entry.risks}),
        "residual_grid": grid(residual) if residual else [],
        "measures": [
            {"number": n, "content": m.content, "owners": m.owners, "deadline": m.deadline}
            for n, m in enumerate(entry.measures, start=1)
        ],
        "statutes": entry.statutes or NONE,
    }


def _letter(project: Project, entries: list[PublicEntry]) -> dict[str, Any]:
    """Return the 函's context, its fields in the order of the 文書處理手冊."""
    settings = project.settings
    own = self_reference(settings.agency)
    contact = [
        ("地址", settings.address),
        ("承辦人", settings.officer),
        ("電話", settings.phone),
        ("傳真", settings.fax),
        ("電子郵件", settings.email),
    ]
    explanation = []
    if settings.basis:
        explanation.append(f"依{basis_phrase(settings.basis)}辦理。")
    explanation.append(
        f"{own}於{roc_date(settings.meeting_date)}召開「{settings.meeting_name}」，"
        f"就蒐集之貪瀆違失案例研析弊端態樣、評估廉政風險並研提防制措施，業經會議決議。"
    )
    explanation.append(
        f"檢附{own}防貪策略資料1份（計{len(entries)}則，含電子檔），請彙編成冊參考運用。"
    )
    return {
        "contact": [f"{label}：{value}" for label, value in contact if value],
        "report_to": _recipient(project),
        "speed": settings.speed or DEFAULT_SPEED,
        "secrecy": settings.secrecy,
        "attachments": f"{REPORT}1份（含電子檔）",
        "subject": (
            f"檢送{own}廉政細工專案防貪策略資料1份，請　{settings.closing or DEFAULT_CLOSING}。"
        ),
        "explanation": explanation,
        "copies": settings.report_copies,
        "signature": f"{settings.head_title}　{settings.head_name}",
    }


def _address_note(project: Project) -> tuple[str, ...]:
    """Return why no e-mail was written, when 政風處信箱 is not given."""
    if project.settings.city_email:
        return ()
    where = settings_cell(project, "city_email", "政風處信箱")
    return (f"未產出陳報郵件：請於{where}填寫政風處信箱（檔案仍可自行附寄）",)


def _mail(project: Project, post: Post, attachments: list[tuple[str, bytes]]) -> bytes:
    """Return the e-mail draft to the city with ``attachments``."""
    from docgen.public.mailing import report_mail

    return report_mail(project, post, attachments, _recipient(project))


KIND = Kind(
    key="submit",
    title=TITLE,
    stage=Stage.PUBLIC,
    order=70,
    help=(
        "產出陳報市府政風處的防貪策略資料（會後）：防貪策略資料（Word，內含結構化資料，"
        "另附 JSON）、陳報函稿及可直接寄送的電子郵件（.eml），置於「陳報」資料夾；"
        "內容含疑似個人資料時不產出，並列出每一處。"
    ),
    templates=("submit", "letter"),
    render=render,
    not_ready=not_ready,
    check=check,
)
