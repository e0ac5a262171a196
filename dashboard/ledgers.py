"""The ledger contract, declared once as data.

Every reader, validator, Chinese label, view and the ``dash schema`` listing is
derived from :data:`LEDGERS`. Column names are the public interface of the
store (see ``shared/design/ledgers.md``): change one only with a migration note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from . import values

class ColumnType(Enum):
    """What a column holds: its store type, its polars dtype and its cell parser, in one place."""

    TEXT = "TEXT"
    DATE = "DATE"
    INT = "INT"
    BOOL = "BOOL"
    MONEY = "MONEY"  # yuan: accepts 元 / 万元 suffixes, and a 万元 header scales the column
    DECIMAL = "DECIMAL"  # a plain number with two decimals (学时)

    @property
    def sql(self) -> str:
        """The type in the store (DuckDB)."""
        return "DECIMAL(14,2)" if self in (ColumnType.MONEY, ColumnType.DECIMAL) else self.value

    def polars(self):
        """The polars dtype of a parsed column."""
        import polars as pl

        return {"TEXT": pl.String, "DATE": pl.Date, "INT": pl.Int64, "BOOL": pl.Boolean}.get(
            self.value, pl.Decimal(14, 2))

    def parse(self, cell: object, scale: Decimal = Decimal(1)) -> object:
        """One cell: a value, None for empty, or :class:`values.Bad` with a reason."""
        return values.parse_money(cell, scale) if self is ColumnType.MONEY else values.SCALAR[self.value](cell)


TEXT, DATE, INT, BOOL, MONEY, DECIMAL = (ColumnType.TEXT, ColumnType.DATE, ColumnType.INT, ColumnType.BOOL,
                                        ColumnType.MONEY, ColumnType.DECIMAL)


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: ColumnType = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    pii: bool = False
    # Free text that may carry personal data (phone / ID numbers) inside it.
    free_text: bool = False
    # Numeric columns that must not be negative.
    non_negative: bool = False
    # A date that may lie in the future (a deadline, an expiry date).
    future_ok: bool = False
    # Headers of a 是/否 column that stands for this date column: a 是 row takes the
    # first of ``flag_date_from`` that it has (法制审核 是/否 → reviewed at the decision date).
    flag_headers: tuple[str, ...] = ()
    flag_date_from: tuple[str, ...] = ()
    note: str = ""
    # The values the queries count by, each with the other ways exports write it
    # (环境影响报告表 → 报告表). Ingest writes the canonical value; others load as
    # they are, with a note that figures counting by value leave them out.
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def money(self) -> bool:
        return self.type is MONEY


@dataclass(frozen=True)
class Ledger:
    table: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Words in a file name that point at this ledger (besides the label).
    file_hints: tuple[str, ...] = ()
    # Column whose year places a row in a year of work (the year list). None for a
    # roster: the certificate ledger's exam dates go back years before the bureau's
    # first year of records and would offer years with nothing else in them.
    year_column: str | None = None
    # (earlier, later) date columns that must be in that order within a row.
    order: tuple[tuple[str, str], ...] = ()
    # (key column, column that stands in for it where it is empty).
    key_fallback: tuple[tuple[str, str], ...] = ()
    extra_views: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The key's columns and those that stand in for them."""
        return (*self.key, *(fallback for _, fallback in self.key_fallback))

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    @property
    def pii_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.pii]


C = Column

LEDGERS: tuple[Ledger, ...] = (
    Ledger(
        "enforcement_cases",
        "行政处罚案件台账",
        (
            C("case_no", "案号", required=True, aliases=("案件编号", "立案编号", "案卷号", "处罚决定书文号")),
            C("party", "当事人", required=True,
              aliases=("当事人名称", "被处罚单位", "违法主体", "企业名称", "被处罚人")),
            C("credit_code", "统一社会信用代码", aliases=("信用代码", "社会信用代码")),
            C("violation_type", "违法类型", aliases=("违法行为类型", "案件类型")),
            C("case_source", "案件来源", aliases=("线索来源", "来源")),
            C("campaign", "专项行动", aliases=("所属专项行动", "专项")),
            C("filed_on", "立案日期", DATE, required=True, aliases=("立案时间",)),
            C("decided_on", "决定日期", DATE,
              aliases=("处罚决定日期", "作出决定日期", "决定时间", "处罚决定时间")),
            C("outcome", "处理结果", aliases=("处理情况", "办理结果"), choices=(
                ("行政处罚", ("处罚", "罚款", "已处罚", "予以处罚", "给予行政处罚", "作出行政处罚", "行政处罚决定")),
                ("不予处罚", ("不予行政处罚", "免罚", "首违不罚", "免予处罚", "免予行政处罚", "轻微不罚")),
                ("报请政府关闭", ("报请关闭", "提请关闭", "申请政府关闭", "提请政府关闭", "报请县政府关闭",
                             "报请人民政府关闭", "申请关闭")),
                ("撤销立案", ("撤案", "销案", "撤销案件")),
                ("移送", ("移送公安", "移送公安机关", "移送司法机关", "移送处理")),
                ("办理中", ("在办", "调查中", "审理中", "未结", "正在办理")),
            )),
            C("penalty_kind", "处罚种类", aliases=("处罚类型",)),
            C("fine_yuan", "罚款金额(元)", MONEY, non_negative=True,
              aliases=("罚款金额", "罚款数额", "罚没金额", "罚款", "处罚金额", "处罚决定金额", "处罚决定罚款金额")),
            C("is_major", "重大案件", BOOL, aliases=("是否重大案件", "重大执法决定")),
            C("legal_review_on", "法制审核日期", DATE, aliases=("法制审核时间", "法制审核"),
              flag_headers=("法制审核", "是否法制审核"), flag_date_from=("decided_on", "filed_on")),
            C("collective_decision", "集体讨论", BOOL, aliases=("集体讨论决定", "案审会")),
            C("published_on", "公示日期", DATE, aliases=("公开日期", "信息公示日期", "公示时间")),
            C("fully_recorded", "全过程记录", BOOL, aliases=("执法全过程记录", "全过程记录情况")),
            C("closed_on", "结案日期", DATE, aliases=("结案时间",)),
            C("officers", "执法人员", aliases=("承办人", "办案人员")),
        ),
        key=("case_no",),
        file_hints=("行政处罚", "处罚案件", "执法案件", "案件台账"),
        year_column="filed_on",
        order=(("filed_on", "decided_on"), ("decided_on", "published_on"), ("filed_on", "closed_on")),
    ),
    Ledger(
        "petitions",
        "信访投诉台账",
        (
            C("petition_no", "编号", required=True, aliases=("信访编号", "投诉编号", "工单号", "件号")),
            C("received_on", "受理日期", DATE, required=True,
              aliases=("登记日期", "来件日期", "收件日期", "受理时间")),
            C("channel", "来源渠道", aliases=("渠道", "来源", "信访渠道")),
            C("level", "级别", aliases=("信访级别", "交办级别"), choices=(
                ("县级", ("县", "本级", "县本级", "县级交办")),
                ("市级", ("市", "市交办", "市级交办")),
                ("省级", ("省", "省交办", "省级交办")),
                ("国家级", ("国家", "中央", "国家级交办", "中央交办")),
            )),
            C("petitioner", "投诉人", pii=True, aliases=("信访人", "反映人", "举报人")),
            C("phone", "联系电话", pii=True, aliases=("电话", "手机号码", "联系方式")),
            C("subject", "被投诉对象", aliases=("投诉对象", "被举报对象")),
            C("township", "乡镇", aliases=("所属乡镇", "乡镇（街道）")),
            C("category", "污染类型", aliases=("投诉类型", "问题类型")),
            C("summary", "反映问题", free_text=True, aliases=("诉求", "投诉内容", "主要诉求", "信访事项")),
            C("due_on", "办理时限", DATE, future_ok=True, aliases=("办结时限", "截止日期")),
            C("closed_on", "办结日期", DATE, aliases=("办结时间", "回复日期")),
            C("finding", "核查结论", aliases=("核查情况", "调查结论")),
            C("satisfaction", "满意度", aliases=("群众满意度", "评价")),
            C("related_case_no", "关联案号", aliases=("关联案件",)),
            # Staff who handle the petition (not personal data: their names are the bureau's).
            C("handler_unit", "承办股室", aliases=("承办单位", "责任股室", "办理股室", "承办部门")),
            C("handler", "承办人", aliases=("经办人", "办理人")),
        ),
        key=("petition_no",),
        file_hints=("信访", "投诉", "举报"),
        year_column="received_on",
        order=(("received_on", "closed_on"),),
    ),
    Ledger(
        "permits",
        "环评审批/备案台账",
        (
            C("permit_no", "受理编号", required=True, aliases=("受理号", "申请编号")),
            C("project_name", "项目名称", required=True, aliases=("建设项目名称",)),
            C("applicant", "建设单位", aliases=("申请单位",)),
            C("doc_type", "环评文件类型", required=True, aliases=("文件类型", "环评类别", "环评类型"), choices=(
                ("报告书", ("环境影响报告书", "环评报告书", "报告书审批", "报告书(审批)")),
                ("报告表", ("环境影响报告表", "环评报告表", "报告表审批", "报告表(审批)")),
                ("登记表", ("环境影响登记表", "环评登记表", "登记表备案", "登记表(备案)", "登记备案", "备案", "网上备案")),
            )),
            C("received_on", "受理日期", DATE, required=True, aliases=("受理时间",)),
            C("decided_on", "批复日期", DATE, aliases=("审批日期", "备案日期", "批复时间")),
            C("approval_no", "批复文号", aliases=("备案号", "审批文号")),
            C("paused_days", "不计时天数", INT, non_negative=True, aliases=("暂停计时天数",)),
            C("promised_days", "承诺时限", INT, non_negative=True, aliases=("承诺办结时限",)),
            C("industry", "行业类别", aliases=("行业",)),
        ),
        key=("permit_no",),
        file_hints=("环评", "审批", "备案"),
        year_column="decided_on",
        order=(("received_on", "decided_on"),),
    ),
    Ledger(
        "certificates",
        "执法人员持证台账",
        (
            C("staff_name", "姓名", required=True, aliases=("执法人员姓名", "人员姓名")),
            C("unit", "股室", aliases=("所在股室", "岗位", "科室")),
            C("on_duty", "执法岗位", BOOL, aliases=("是否执法岗位", "在执法岗位")),
            C("cert_no", "执法证号", aliases=("证件号码", "执法证件号")),
            C("valid_until", "有效期至", DATE, future_ok=True, aliases=("有效期", "证件有效期")),
            C("exam_on", "考试日期", DATE, aliases=("考试时间",)),
            C("exam_type", "考试类型", aliases=("考试类别",), choices=(
                ("换证", ("换证考试", "到期换证", "换发")),
                ("新申领", ("新考", "新申领考试", "首次申领", "新申请", "新领证")),
            )),
            C("exam_result", "考试结果", aliases=("考试成绩", "是否合格")),
        ),
        # A renewal is a new certificate (a new row), so the roster keeps its history; a
        # roster without certificate numbers tells certificates apart by name.
        key=("cert_no", "valid_until"),
        key_fallback=(("cert_no", "staff_name"),),
        file_hints=("持证", "执法证", "执法人员"),
    ),
    Ledger(
        "trainings",
        "培训台账",
        (
            C("held_on", "日期", DATE, required=True, aliases=("培训日期", "培训时间", "时间")),
            C("title", "培训名称", required=True, aliases=("培训内容", "培训主题", "名称")),
            C("form", "形式", aliases=("培训形式",)),
            C("organizer", "主办", aliases=("主办单位", "组织单位")),
            C("attendees", "参训人数", INT, non_negative=True, aliases=("参加人数", "人数")),
            C("hours", "学时", DECIMAL, non_negative=True, aliases=("培训学时",)),
            C("head_attended", "主要负责人参加", BOOL, aliases=("主要负责人是否参加",)),
        ),
        key=("held_on", "title"),
        file_hints=("培训",),
        year_column="held_on",
    ),
    Ledger(
        "study_sessions",
        "学法及会议台账",
        (
            C("held_on", "日期", DATE, required=True, aliases=("会议日期", "学习日期", "时间")),
            C("meeting_type", "会议类型", required=True, aliases=("会议名称", "类型"), choices=(
                ("党组会议", ("党组会",)),
                ("党组扩大会议", ("党组(扩大)会议", "党组扩大会", "党组会议(扩大)")),
                ("理论学习中心组", ("理论学习中心组会议", "理论学习中心组学习", "党组理论学习中心组",
                             "党组理论学习中心组会议", "中心组", "中心组学习", "中心组会议")),
                ("干部职工例会", ("职工例会", "干部例会", "例会", "干部职工会议", "全体干部职工会议", "干部职工大会")),
                ("学法考试", ("法律知识考试", "学法用法考试", "普法考试")),
            )),
            C("chaired_by_head", "主要负责人主持", BOOL, aliases=("主要负责人是否主持", "主持")),
            C("law_topic", "学法内容", aliases=("学习内容", "学法篇目")),
            C("rule_of_law_agenda", "研究法治议题", BOOL, aliases=("是否研究法治议题", "法治议题")),
            C("attendees", "参加人数", INT, non_negative=True, aliases=("参会人数", "人数")),
        ),
        key=("held_on", "meeting_type"),
        file_hints=("学法", "会议", "中心组"),
        year_column="held_on",
    ),
    Ledger(
        "leadership_duties",
        "主要负责人履职纪实台账",
        (
            C("done_on", "日期", DATE, required=True, aliases=("履职日期", "时间")),
            C("duty_type", "履职类型", required=True, aliases=("类型",)),
            C("subject", "事项", required=True, aliases=("履职事项", "内容")),
            C("unit", "对象股室或单位", aliases=("对象", "涉及单位")),
            C("outcome", "结果", aliases=("成效", "落实情况")),
        ),
        key=("done_on", "duty_type", "subject"),
        file_hints=("履职", "第一责任人", "纪实"),
        year_column="done_on",
    ),
    Ledger(
        "publicity_events",
        "普法活动台账",
        (
            C("held_on", "日期", DATE, required=True, aliases=("活动日期", "时间")),
            C("theme", "主题", required=True, aliases=("活动主题", "活动名称")),
            C("occasion", "节点", aliases=("宣传节点", "时间节点")),
            C("form", "形式", aliases=("活动形式",)),
            C("location", "地点", aliases=("活动地点",)),
            C("audience", "覆盖人数", INT, non_negative=True, aliases=("受众人数", "参与人数")),
            C("materials", "发放资料份数", INT, non_negative=True, aliases=("发放资料", "资料份数")),
        ),
        key=("held_on", "theme"),
        file_hints=("普法", "宣传"),
        year_column="held_on",
    ),
    Ledger(
        "shortcomings",
        "问题整改台账",
        (
            C("item_no", "编号", required=True, aliases=("问题编号",)),
            C("year", "年度", INT, required=True, aliases=("所属年度",)),
            C("category", "类别", aliases=("问题类别",)),
            C("problem", "问题描述", required=True, aliases=("存在问题", "问题")),
            C("cause", "原因", aliases=("原因分析",)),
            C("measure", "整改措施", aliases=("措施",)),
            C("owner", "责任股室", aliases=("责任单位", "责任人")),
            C("due_on", "整改时限", DATE, future_ok=True, aliases=("完成时限",)),
            C("status", "状态", aliases=("整改状态", "整改情况"), choices=(
                ("已完成", ("完成", "已整改", "整改完成", "已办结", "办结", "已完成整改")),
                ("整改中", ("正在整改", "推进中", "持续整改", "进行中", "整改推进中")),
                ("未启动", ("未开始", "尚未启动", "未整改")),
            )),
            C("completed_on", "完成日期", DATE, aliases=("整改完成日期",)),
        ),
        key=("item_no",),
        file_hints=("整改", "不足", "问题"),
        year_column="year",
    ),
    Ledger(
        "supervision_items",
        "人大建议政协提案台账",
        (
            C("item_no", "编号", required=True, aliases=("建议提案编号", "案号")),
            C("kind", "类型", required=True, aliases=("类别",)),
            C("title", "标题", required=True, aliases=("建议提案标题", "案由")),
            C("assigned_on", "交办日期", DATE, aliases=("交办时间",)),
            C("due_on", "答复期限", DATE, future_ok=True, aliases=("办理时限",)),
            C("replied_on", "答复日期", DATE, aliases=("答复时间", "办复日期")),
            C("satisfaction", "满意度", aliases=("代表委员满意度", "评价")),
        ),
        key=("item_no",),
        file_hints=("建议", "提案"),
        year_column="assigned_on",
        order=(("assigned_on", "replied_on"),),
    ),
    Ledger(
        "litigation",
        "行政复议及诉讼台账",
        (
            C("case_no", "编号", required=True, aliases=("案号", "复议诉讼编号")),
            C("kind", "类型", required=True, aliases=("案件类型",)),
            C("received_on", "收件日期", DATE, required=True, aliases=("收到日期", "立案日期")),
            C("related_case_no", "关联案号", aliases=("原处罚案号",)),
            C("hearing_on", "开庭日期", DATE, aliases=("开庭时间",)),
            C("head_appeared", "负责人出庭", BOOL, aliases=("负责人是否出庭", "出庭应诉")),
            C("result", "结果", aliases=("审理结果", "复议结果")),
            C("closed_on", "结案日期", DATE, aliases=("结案时间",)),
        ),
        key=("case_no",),
        file_hints=("复议", "诉讼", "应诉"),
        year_column="received_on",
        order=(("received_on", "closed_on"),),
    ),
    Ledger(
        "legal_reviews",
        "合法性审查台账",
        (
            C("reviewed_on", "日期", DATE, required=True, aliases=("审查日期", "时间")),
            C("item_type", "类型", required=True, aliases=("审查类型", "事项类型")),
            C("title", "事项", required=True, aliases=("审查事项", "文件名称")),
            C("reviewer", "审查人", aliases=("审查主体",)),
            C("opinion", "审查意见", aliases=("意见",)),
        ),
        key=("reviewed_on", "title"),
        file_hints=("合法性审查", "审查"),
        year_column="reviewed_on",
    ),
)

BY_TABLE: dict[str, Ledger] = {ledger.table: ledger for ledger in LEDGERS}

# Provenance columns every table carries.
PROVENANCE = (
    Column("source_file", "来源文件"),
    Column("source_row", "来源行号", INT),
)
# Every table also keeps the columns the contract does not know, as JSON {原列名: 值}.
EXTRA = "extra"
EXTRA_LABEL = "其他列"


def ledger(table: str) -> Ledger:
    """The declaration of one canonical table."""
    return BY_TABLE[table]


def all_labels() -> dict[str, dict[str, str]]:
    """Chinese labels per table and column (provenance and extra columns included)."""
    return {
        lg.table: {**{c.name: c.label for c in (*lg.columns, *PROVENANCE)}, EXTRA: EXTRA_LABEL} for lg in LEDGERS
    }


def column_labels(columns: list[str]) -> list[str]:
    """Chinese labels for a result's columns.

    Column names repeat across ledgers with different labels (``title`` is 培训名称
    in one, 标题 in another), so the ledger whose columns overlap the result most
    decides; computed columns (already Chinese, e.g. 已过天数) are kept as they are.
    """
    cols = set(columns)
    best: dict[str, str] = {}
    best_n = 0
    for labels in all_labels().values():
        n = len(cols & labels.keys())
        if n > best_n:
            best, best_n = labels, n
    return [best.get(c, c) for c in columns]
