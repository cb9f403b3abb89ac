"""清廉共同監督專區: what the agency posts on its website, as a kit for the city's shared CMS.

Written under ``專區/``, after the meeting and only once the personal-data guard passes:

* ``貼文/NN_案例編號.html`` and ``.txt``: per published case a clean fragment to paste into
  the CMS editor (semantic tags only, passed through nh3), and the same as plain text;
* ``index.html``: a self-contained preview of the whole section (no server, no CDN, no web
  fonts), grouped by 業務類別 with a filter and a keyword search that need JavaScript only to
  narrow the list; readable on a phone and in print;
* ``開放資料/廉政態樣.csv`` (UTF-8 with BOM, for Excel) and ``.json``, with the fixed columns
  that ``開放資料/欄位說明.txt`` documents;
* ``刊登清單.txt``: for the webmaster, each post's title, classification, dates and files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage

if TYPE_CHECKING:
    from docgen.model.project import Project
    from docgen.problems import Problem
    from docgen.public.entries import Post, PublicEntry

TITLE = "清廉共同監督專區"
FOLDER = Path("專區")
INDEX_TEMPLATE = "publish_index"
ENTRY_TEMPLATE = "publish_entry"
INTRO = (
    "本機關推動廉政細工專案，蒐集本所及他機關之貪瀆違失案例，分析弊端態樣、評估廉政風險並研提"
    "防制措施，經各單位討論及會議決議後據以執行。以下為抽象化、類型化後之弊端態樣及防制措施，"
    "公開揭示供各界參考及共同監督。"
)


def not_ready(project: Project, options: Options) -> str | None:
    """Return why nothing can be published yet: no meeting recorded, or no case to publish."""
    from docgen.public import readiness

    return readiness.not_ready(project)


def check(project: Project, options: Options) -> list[Problem]:
    """Return every suspected personal data in what would be published, and the unpublished."""
    from docgen.public import readiness

    return readiness.problems(project)


def render(project: Project, options: Options) -> list[Rendered]:
    """Return every file of the 專區 kit, the first post's fragment first."""
    from docgen.model.revisions import apply_revisions
    from docgen.public import opendata
    from docgen.public.entries import post_of, public_entries

    revision = apply_revisions(project)
    entries = public_entries(project, revision)
    post = post_of(project)
    documents = []
    for entry in entries:
        stem = FOLDER / "貼文" / f"{entry.number:02d}_{entry.case_id}"
        fragment = _fragment(entry, options, level=2)
        documents.append(Rendered(stem.with_suffix(".html"), fragment.encode("utf-8")))
        documents.append(Rendered(stem.with_suffix(".txt"), opendata.plain_text(entry, post)))
    documents.append(Rendered(FOLDER / "index.html", _index(project, entries, post, options)))
    data = FOLDER / "開放資料"
    documents.append(Rendered(data / "廉政態樣.csv", opendata.csv_bytes(entries, post)))
    documents.append(Rendered(data / "廉政態樣.json", opendata.json_bytes(entries, post)))
    documents.append(Rendered(data / "欄位說明.txt", opendata.field_notes()))
    listing = opendata.listing(entries, post, [d.relative_path for d in documents], FOLDER)
    notes = (f"專區資料共 {len(entries)} 則；請依「{FOLDER / '刊登清單.txt'}」刊登至網站。",)
    documents.append(Rendered(FOLDER / "刊登清單.txt", listing, notes))
    return documents


def entry_context(entry: PublicEntry, level: int) -> dict[str, Any]:
    """Return what the entry template shows of one entry, its top heading at ``level``."""
    return {
        "level": level,
        "anchor": f"entry-{entry.number:02d}",
        "title": entry.title,
        "paragraphs": [line for line in entry.summary.splitlines() if line.strip()],
        "category": entry.category,
        "year": entry.year_text,
        "statutes": entry.statutes or "無",
        "risks": [
            {
                "id": risk.id,
                "item": risk.item,
                "before": risk.before.text(),
                "after": risk.after.text() if risk.after else "未評估",
            }
            for risk in entry.risks
        ],
        "measures": [
            {"id": m.id, "content": m.content, "owners": m.owners, "deadline": m.deadline}
            for m in entry.measures
        ],
    }


def _fragment(entry: PublicEntry, options: Options, level: int) -> str:
    from docgen.render.html import clean_fragment, render_html
    from docgen.render.templates import template_path

    template = template_path(ENTRY_TEMPLATE, options.templates, suffix=".html")
    return clean_fragment(render_html(template, entry_context(entry, level))).strip() + "\n"


def _index(project: Project, entries: list[PublicEntry], post: Post, options: Options) -> bytes:
    from markupsafe import Markup

    from docgen.render.html import render_html
    from docgen.render.templates import template_path

    categories: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        shown = {
            "number": entry.number,
            "anchor": f"entry-{entry.number:02d}",
            "title": entry.title,
            "category": entry.category,
            "html": Markup(_fragment(entry, options, level=3)),
        }
        categories.setdefault(entry.category, []).append(shown)
    context = {
        "title": f"{post.agency}{TITLE}",
        "agency": post.agency,
        "intro": INTRO,
        "project_name": project.settings.project_name,
        "published": post.published_text,
        "updated": post.updated_text,
        "classes": post.classes,
        "count": len(entries),
        "categories": [
            {"name": name, "anchor": f"category-{index}", "entries": items}
            for index, (name, items) in enumerate(categories.items(), start=1)
        ],
    }
    template = template_path(INDEX_TEMPLATE, options.templates, suffix=".html")
    return render_html(template, context).encode("utf-8")


KIND = Kind(
    key="publish",
    title=TITLE,
    stage=Stage.PUBLIC,
    order=60,
    help=(
        "產出清廉共同監督專區的刊登資料（會後）：每則貼文的 HTML 片段與純文字、網站預覽、"
        "開放資料（CSV、JSON）及刊登清單，置於「專區」資料夾；"
        "公開內容含疑似個人資料時不產出，並列出每一處。"
    ),
    format="html",
    templates=(INDEX_TEMPLATE, ENTRY_TEMPLATE),
    render=render,
    not_ready=not_ready,
    check=check,
)
