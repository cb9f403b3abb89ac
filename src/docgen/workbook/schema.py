"""The workbook contract, declared once: sheets, their columns or items, kinds and help texts.

The reader, the validator, ``docgen init`` and the 說明 sheet are all driven by these
declarations, so a column is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class CellKind(Enum):
    """How a cell is parsed."""

    ID = "id"  # an identifier: trimmed, full-width folded
    TEXT = "text"  # one line of text
    LONGTEXT = "longtext"  # text with line breaks
    UNITS = "units"  # one or more units, by code or name
    UNIT = "unit"  # exactly one unit, by code or name
    BOOL = "bool"  # 是/否
    LIKELIHOOD = "likelihood"  # 1–3 or 幾乎不可能/可能/幾乎確定
    IMPACT = "impact"  # 1–3 or 輕微/嚴重/非常嚴重
    SCORE = "score"  # 1–9
    DATE = "date"
    TIME = "time"
    DATE_OR_TEXT = "date_or_text"  # a date, or free text such as 持續辦理
    CHOICE = "choice"  # one of a closed list
    YEAR = "year"  # an ROC year


@dataclass(frozen=True)
class Column:
    """One column of a table sheet, or one item of a two-column 項目/內容 sheet."""

    name: str
    field: str
    kind: CellKind = CellKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook; ``key_value`` sheets hold 項目/內容 pairs instead of rows."""

    name: str
    columns: tuple[Column, ...]
    required: bool
    help: str
    key_value: bool = False
    id_field: str | None = None

    def column(self, field: str) -> Column:
        """Return the column declared for ``field``."""
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(field)


KV_HEADERS = ("項目", "內容")
# A blank workbook's guidance, never read as data: table sheets start with an example row whose
# first cell begins with EXAMPLE_MARK; key-value sheets show their examples in a column headed
# EXAMPLE_HEADER beside 內容.
EXAMPLE_MARK = "範例："
EXAMPLE_HEADER = "填寫範例"

UNIT_CATEGORIES = ("業務單位", "幕僚單位", "政風單位", "受邀單位")
SOURCE_TYPES = ("本機關", "他機關", "司法院裁判書", "新聞", "清廉共同監督專區", "其他")
RISK_FACTORS = ("制度", "人員", "監督")
MEASURE_CATEGORIES = ("現有", "新增", "策進")
OPINION_KINDS = ("修改", "新增", "刪除", "其他")
DECISIONS = ("採納", "部分採納", "不採納", "待議", "提會討論")
MEETING_DECISIONS = ("採納", "部分採納", "不採納")
ATTENDANCE_ROLES = ("出席", "列席", "請假")
YES_NO = ("是", "否")

C = Column
K = CellKind

SETTINGS = Sheet(
    "專案設定",
    key_value=True,
    required=True,
    help="專案的基本資料，每列一個項目：左欄「項目」勿修改，於右欄「內容」填寫。",
    columns=(
        C("機關名稱", "agency", required=True, help="機關全銜，如「臺南市南區區公所」。"),
        C("專案名稱", "project_name", required=True, help="如「廉政細工專案 2.0」。"),
        C("依據", "basis", K.LONGTEXT, help="辦理依據，如來函日期及文號。"),
        C("目的", "purpose", K.LONGTEXT, help="會議資料「目的」一節；空白時使用預設文字。"),
        C("首長職稱", "head_title", required=True, help="如「區長」。"),
        C("首長姓名", "head_name", required=True, help="會議主席（首長）姓名。"),
        C("政風室主任", "ethics_director", required=True, help="政風室主任姓名。"),
        C("承辦人", "officer", required=True, help="政風室承辦人姓名，列為聯絡人。"),
        C("聯絡電話", "phone", help="承辦人電話，如「(06)2xxxxxx#123」。"),
        C(
            "電子郵件",
            "email",
            help="承辦人電子郵件；印於修正意見表與陳報函，並為各郵件草稿的寄件者。",
        ),
        C("會議名稱", "meeting_name", required=True, help="如「廉政細工專案座談會」。"),
        C(
            "會議日期",
            "meeting_date",
            K.DATE,
            required=True,
            help="民國或西元日期皆可，如「106/8/15」「106年8月15日」。",
        ),
        C("會議時間", "meeting_time", K.TIME, required=True, help="如「14:00」或「下午2時」。"),
        C("會議地點", "venue", required=True, help="如「本所3樓第一會議室」。"),
        C("紀錄", "recorder", help="會議紀錄人員；空白時為承辦人。"),
        C("修正意見回覆期限", "reply_deadline", K.DATE, help="各單位回覆修正意見表的期限。"),
        C(
            "核定日期",
            "approval_date",
            K.DATE,
            help="首長核定會議資料的日期；空白表示尚未核定，無法產出正式會議資料。",
        ),
        C(
            "專案截止日",
            "project_deadline",
            K.DATE,
            help="整個專案的完成期限；僅供檢查（早於會議日期時提醒），不印在文件上。",
        ),
        C(
            "政風處信箱",
            "city_email",
            help="市府政風處收件電子郵件；docgen submit 的陳報郵件寄至此信箱。",
        ),
        C(
            "專區發布日期",
            "publish_date",
            K.DATE,
            help="清廉共同監督專區貼文的發布日期（docgen publish）；空白時為會議日期。",
        ),
        C("專區更新日期", "update_date", K.DATE, help="專區貼文的更新日期；空白時同發布日期。"),
        C("專區主題分類", "topic_class", help="網站貼文的主題分類；空白時為「公共資訊」。"),
        C("專區施政分類", "policy_class", help="網站貼文的施政分類；空白時為「政風業務」。"),
        C("專區服務分類", "service_class", help="網站貼文的服務分類；空白時為「其他」。"),
        C("機關地址", "address", help="陳報函的地址，如「702臺南市南區…」。"),
        C("傳真", "fax", help="陳報函的傳真號碼。"),
        C("陳報機關", "report_to", help="受文者；空白時為「臺南市政府政風處」。"),
        C(
            "陳報速別",
            "speed",
            K.CHOICE,
            choices=("最速件", "速件", "普通件"),
            help="陳報函的速別；空白時為「普通件」。",
        ),
        C("陳報密等", "secrecy", help="密等及解密條件或保密期限；一般免填。"),
        C(
            "陳報結語",
            "closing",
            K.CHOICE,
            choices=("鑒核", "核備", "備查", "查照"),
            help="陳報函主旨的結語（請　鑒核／核備／備查／查照）；空白時為「鑒核」。",
        ),
        C("陳報副本", "report_copies", help="陳報函的副本受文者，如「本所政風室」。"),
        C(
            "開會通知備註",
            "notice_remarks",
            K.LONGTEXT,
            help="開會通知單的備註，每行一點（Alt+Enter 換行）；空白時用預設的兩點。",
        ),
    ),
)

UNITS = Sheet(
    "單位",
    required=True,
    id_field="code",
    help="機關內各單位及受邀單位，每列一個單位。其他工作表可用單位代碼或名稱指稱單位。",
    columns=(
        C(
            "單位代碼",
            "code",
            K.ID,
            required=True,
            width=10,
            help="簡短且不重複的代碼，如「民政」。",
        ),
        C("單位名稱", "name", required=True, width=22, help="單位全名，如「民政課」。"),
        C(
            "類別",
            "category",
            K.CHOICE,
            choices=UNIT_CATEGORIES,
            width=12,
            help="業務單位、幕僚單位、政風單位（本機關政風室，不收修正意見表）或受邀單位"
            "（外機關，不收修正意見表）；空白視為業務單位。",
        ),
        C("主管職稱", "head_title", width=12, help="如「課長」「主任」。"),
        C("主管姓名", "head_name", width=12, help="單位主管姓名（簽到表預填）。"),
        C(
            "電子郵件",
            "email",
            width=28,
            help="單位聯絡信箱；docgen forms --eml 將修正意見表寄至此信箱。",
        ),
        C(
            "出席",
            "attends",
            K.BOOL,
            choices=YES_NO,
            width=8,
            help="是否出席座談會；空白視為「是」。修正意見表依權責寄送：主責、權責或協辦"
            "討論案例的單位即使填「否」仍會收到；其餘單位填「否」則不收。",
        ),
    ),
)

CASES = Sheet(
    "案例",
    required=True,
    id_field="id",
    help="蒐集的貪瀆或違失案例，每列一案。案情請先去識別化（人名以甲、乙或職稱代替）。",
    columns=(
        C("案例編號", "id", K.ID, required=True, width=10, help="不重複的編號，如「C01」。"),
        C("案例名稱", "name", required=True, width=24, help="如「急難救助金重複核發」。"),
        C(
            "來源類型",
            "source_type",
            K.CHOICE,
            required=True,
            choices=SOURCE_TYPES,
            width=16,
            help="案例來源。",
        ),
        C("出處", "source", width=24, help="來源文件、新聞或判決（去識別化）。"),
        C("發生年度", "year", K.YEAR, width=10, help="民國年，如「105」。"),
        C("業務類別", "business_type", width=14, help="如「社會救助」「採購」。"),
        C(
            "主責單位",
            "owner_units",
            K.UNITS,
            required=True,
            width=14,
            help="單位代碼或名稱，多個以「、」分隔。",
        ),
        C(
            "員工涉案",
            "employee_involved",
            K.BOOL,
            choices=YES_NO,
            width=10,
            help="是否有本機關員工涉案。",
        ),
        C(
            "通案性",
            "systemic",
            K.BOOL,
            choices=YES_NO,
            width=8,
            help="是否屬通案性、反覆發生之態樣。",
        ),
        C(
            "列入討論",
            "discuss",
            K.BOOL,
            choices=YES_NO,
            width=10,
            help="是否列入會議討論；空白視為「是」。",
        ),
        C(
            "案情概述",
            "summary",
            K.LONGTEXT,
            required=True,
            width=50,
            help="去識別化的案情，可用 Alt+Enter 換行。",
        ),
        C(
            "公開摘要",
            "public_summary",
            K.LONGTEXT,
            width=40,
            help="對外公開用的摘要，不得含個人資料；刊登於清廉共同監督專區（docgen publish）"
            "並陳報市府政風處（docgen submit），未填寫的案例不公開、不陳報。",
        ),
        C("弊端態樣", "pattern", K.LONGTEXT, required=True, width=30, help="一句話說明態樣。"),
        C("涉犯法條", "statutes", K.LONGTEXT, width=28, help="如「貪污治罪條例第5條第1項第2款」。"),
        C("處分結果", "outcome", K.LONGTEXT, width=28, help="判決或行政處分結果。"),
        C("涉案人員", "persons", width=16, help="以職稱或代號表示，如「某課員甲」。"),
        C("備註", "note", K.LONGTEXT, width=20, help="其他說明（不列入文件）。"),
    ),
)

RISKS = Sheet(
    "風險評估",
    required=True,
    id_field="id",
    help="各案例的風險項目，每列一項。風險值＝可能性×影響程度（可留空由系統計算）。",
    columns=(
        C("風險編號", "id", K.ID, required=True, width=10, help="不重複的編號，如「R01」。"),
        C("案例編號", "case_id", K.ID, required=True, width=10, help="所屬案例的案例編號。"),
        C("風險項目", "item", required=True, width=24, help="簡述風險，如「重複申領救助金」。"),
        C("風險情境", "scenario", K.LONGTEXT, width=36, help="風險如何發生。"),
        C(
            "風險因子",
            "factor",
            K.CHOICE,
            choices=RISK_FACTORS,
            width=10,
            help="制度、人員或監督。",
        ),
        C("現有控制措施", "controls", K.LONGTEXT, width=30, help="目前已有的控制措施。"),
        C(
            "可能性",
            "likelihood",
            K.LIKELIHOOD,
            required=True,
            choices=("1", "2", "3"),
            width=10,
            help="1 幾乎不可能、2 可能、3 幾乎確定。",
        ),
        C(
            "影響程度",
            "impact",
            K.IMPACT,
            required=True,
            choices=("1", "2", "3"),
            width=10,
            help="1 輕微、2 嚴重、3 非常嚴重。",
        ),
        C("風險值", "score", K.SCORE, width=8, help="可留空；若填寫須等於可能性×影響程度。"),
    ),
)

MEASURES = Sheet(
    "防制措施",
    required=True,
    id_field="id",
    help="針對風險研提的防制措施，每列一項。",
    columns=(
        C("措施編號", "id", K.ID, required=True, width=10, help="不重複的編號，如「M01」。"),
        C("案例編號", "case_id", K.ID, required=True, width=10, help="所屬案例的案例編號。"),
        C("風險編號", "risk_id", K.ID, width=10, help="對應的風險編號（同一案例）。"),
        C("措施內容", "content", K.LONGTEXT, required=True, width=50, help="具體作法。"),
        C(
            "類別",
            "category",
            K.CHOICE,
            choices=MEASURE_CATEGORIES,
            width=8,
            help="現有、新增或策進。",
        ),
        C(
            "權責單位",
            "owner_units",
            K.UNITS,
            required=True,
            width=14,
            help="負責執行的單位，多個以「、」分隔。",
        ),
        C("協辦單位", "assist_units", K.UNITS, width=14, help="協助的單位，可留空。"),
        C("完成期限", "deadline", K.DATE_OR_TEXT, width=14, help="日期，或文字如「持續辦理」。"),
        C(
            "殘餘可能性",
            "residual_likelihood",
            K.LIKELIHOOD,
            choices=("1", "2", "3"),
            width=12,
            help="採行措施後的可能性（1–3），用於風險圖像。",
        ),
        C(
            "殘餘影響程度",
            "residual_impact",
            K.IMPACT,
            choices=("1", "2", "3"),
            width=12,
            help="採行措施後的影響程度（1–3）。",
        ),
    ),
)

OPINIONS = Sheet(
    "修正意見",
    required=False,
    id_field="id",
    help="各單位對會議資料初稿的修正意見，由 docgen collect 自修正意見表匯入，或手動填寫。",
    columns=(
        C("意見編號", "id", K.ID, width=10, help="不重複的編號；空白時自動編號。"),
        C("單位", "unit", K.UNIT, required=True, width=12, help="提出意見的單位。"),
        C("案例編號", "case_id", K.ID, required=True, width=10, help="意見所針對的案例。"),
        C("措施編號", "measure_id", K.ID, width=10, help="意見所針對的措施；新增措施時留空。"),
        C(
            "意見類型",
            "kind",
            K.CHOICE,
            required=True,
            choices=OPINION_KINDS,
            width=10,
            help="修改、新增、刪除或其他。",
        ),
        C("建議內容", "proposal", K.LONGTEXT, width=40, help="建議的措施文字。"),
        C("理由", "reason", K.LONGTEXT, width=30, help="提出意見的理由。"),
        C(
            "處理結果",
            "decision",
            K.CHOICE,
            choices=DECISIONS,
            width=12,
            help="由政風室填寫：採納、部分採納、不採納、待議（尚未決定，會議資料不能定稿）"
            "或提會討論（列入會議討論事項，由會議決定；不影響核定）。",
        ),
        C("處理說明", "decision_note", K.LONGTEXT, width=30, help="處理結果的說明。"),
        C(
            "定案內容",
            "final_text",
            K.LONGTEXT,
            width=40,
            help="定案的措施文字；部分採納時必填，採納時空白即採用建議內容。",
        ),
        C(
            "風險編號",
            "risk_id",
            K.ID,
            width=10,
            help="新增措施對應的風險編號（同一案例）；僅意見類型為「新增」時使用。",
        ),
        C(
            "權責單位",
            "owner_units",
            K.UNITS,
            width=14,
            help="新增措施的權責單位，多個以「、」分隔；空白時為提出意見的單位。",
        ),
        C("協辦單位", "assist_units", K.UNITS, width=14, help="新增措施的協辦單位，可留空。"),
        C(
            "完成期限",
            "deadline",
            K.DATE_OR_TEXT,
            width=14,
            help="新增措施的完成期限：日期，或文字如「持續辦理」。",
        ),
        C(
            "會議決議",
            "meeting_decision",
            K.CHOICE,
            choices=MEETING_DECISIONS,
            width=12,
            help="處理結果為「提會討論」者，會後依會議決定填寫採納、部分採納（須填定案內容）"
            "或不採納；空白表示會議尚未決定。",
        ),
    ),
)

NEW_MEASURE_FIELDS = ("risk_id", "owner_units", "assist_units", "deadline")
"""The 修正意見 columns of a proposed new measure, used by a 新增 opinion only."""

MEETING = Sheet(
    "會議",
    key_value=True,
    required=False,
    help="會後填寫的會議實況，供產出會議紀錄。",
    columns=(
        C("實際開會時間", "actual_start", K.TIME, help="空白時採用預定會議時間。"),
        C("主席", "chair", help="空白時為首長；代理時如「區長○○○（請假）由秘書○○○代理」。"),
        C("主席致詞", "chair_remarks", K.LONGTEXT, help="致詞重點。"),
        C("臨時動議", "motions", K.LONGTEXT, help="空白時紀錄為「無」。"),
        C("散會時間", "adjourned", K.TIME, help="如「16:10」。"),
        C("紀錄", "recorder", help="空白時採用專案設定的紀錄或承辦人。"),
    ),
)

ATTENDANCE = Sheet(
    "出席",
    required=False,
    help="會議實際出席、列席及請假人員，每列一人；空白時會議紀錄載明「詳簽到表」。",
    columns=(
        C(
            "類別",
            "role",
            K.CHOICE,
            required=True,
            choices=ATTENDANCE_ROLES,
            width=10,
            help="出席、列席或請假。",
        ),
        C("單位", "unit", K.UNIT, required=True, width=16, help="單位代碼或名稱。"),
        C("職稱", "title", width=12, help="如「課長」。"),
        C("姓名", "name", width=12, help="姓名。"),
    ),
)

RESOLUTIONS = Sheet(
    "決議",
    required=False,
    help="會議討論事項的決議，每個討論案例一列。",
    columns=(
        C("案例編號", "case_id", K.ID, required=True, width=10, help="討論的案例。"),
        C("討論摘要", "discussion", K.LONGTEXT, width=50, help="討論重點。"),
        C("決議", "resolution", K.LONGTEXT, width=50, help="決議內容。"),
    ),
)

WAIVERS = Sheet(
    "個資檢核",
    required=False,
    help=(
        "docgen publish 列出疑似個人資料、經人工判斷並非個人資料時，在此登錄，每列一筆；"
        "登錄後不再擋下，並於產出時列出。"
    ),
    columns=(
        C("疑似文字", "matched", required=True, width=24, help="照抄 docgen 列出的「」內文字。"),
        C(
            "儲存格",
            "where",
            width=14,
            help="只適用此儲存格，如「案例!M5」；空白表示各處適用。",
        ),
        C("判定人", "by", required=True, width=12, help="判斷並非個人資料者的職稱及姓名。"),
        C("判定日期", "on", K.DATE, required=True, width=14, help="判斷的日期。"),
        C("理由", "reason", K.LONGTEXT, width=30, help="為何並非個人資料，如「機關公開電話」。"),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    SETTINGS,
    UNITS,
    CASES,
    RISKS,
    MEASURES,
    OPINIONS,
    MEETING,
    ATTENDANCE,
    RESOLUTIONS,
    WAIVERS,
)
HELP_SHEET = "說明"
