"""What the demo site holds: units, columns, accounts and liaison persons, as plain data."""

from dataclasses import dataclass
from datetime import date

DEFAULT_PASSWORD = "Xiuying#Demo2026"  # noqa: S105 - a published demo password, printed to the user
SITE_TITLE = "秀英党建网"
HOME_SLUG = "xiuying"
EMAIL_DOMAIN = "xiuying.example"
LIAISON_SINCE = date(2026, 1, 1)

# (kind, [(name, is_organisation_group)]) in display order.
UNITS: list[tuple[str, list[tuple[str, bool]]]] = [
    ("section", [("组织组", True), ("组织科", False), ("干部科", False), ("人才办", False)]),
    (
        "town",
        [(name, False) for name in ("长流镇", "西秀镇", "海秀镇", "石山镇", "永兴镇", "东山镇")],
    ),
    ("street", [("秀英街道", False), ("海秀街道", False)]),
    (
        "direct_organ",
        [
            (name, False)
            for name in ("区直属机关工委", "区教育局", "区卫生健康委员会", "市信息中心")
        ],
    ),
    ("peoples_org", [("区总工会", False), ("共青团秀英区委", False), ("区妇联", False)]),
    ("enterprise_branch", [("秀英区人民医院党总支", False), ("秀英港区企业党总支", False)]),
]
ALL_UNITS = "*"


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    title: str
    kind: str
    owner: str
    # Unit kinds (UnitKind values), unit names, or ALL_UNITS.
    contributors: tuple[str, ...]
    theme: str
    description: str
    parent: str | None = None


COLUMNS = [
    ColumnSpec(
        slug="news",
        title="工作动态",
        kind="news",
        owner="组织科",
        contributors=("town", "street", "direct_organ", "干部科", "人才办"),
        theme="news",
        description="全区组织工作和党的建设最新动态。",
    ),
    ColumnSpec(
        slug="notices",
        title="通知公告",
        kind="notices",
        owner="组织组",
        contributors=("组织科", "干部科", "人才办"),
        theme="notices",
        description="区委组织部发布的通知、公示和公告。",
    ),
    ColumnSpec(
        slug="policy",
        title="政策文件",
        kind="policy",
        owner="组织组",
        contributors=("组织科", "干部科"),
        theme="policy",
        description="党建和组织工作政策文件及解读。",
    ),
    ColumnSpec(
        slug="grassroots",
        title="基层党建",
        kind="experience",
        owner="组织科",
        contributors=("town", "street", "enterprise_branch"),
        theme="experience",
        description="基层党组织建设的好做法、好经验。",
    ),
    ColumnSpec(
        slug="towns",
        title="镇街经验",
        kind="experience",
        owner="组织科",
        contributors=("town", "street"),
        theme="experience",
        description="各镇、街道党建工作经验交流。",
        parent="grassroots",
    ),
    ColumnSpec(
        slug="cadres",
        title="干部工作",
        kind="news",
        owner="干部科",
        contributors=(),
        theme="cadres",
        description="干部选拔任用、考核和监督工作。",
    ),
    ColumnSpec(
        slug="talents",
        title="人才工作",
        kind="news",
        owner="人才办",
        contributors=("direct_organ", "enterprise_branch"),
        theme="talents",
        description="人才引进、培养和服务保障工作。",
    ),
    ColumnSpec(
        slug="education",
        title="党员教育",
        kind="news",
        owner="组织科",
        contributors=("peoples_org", "direct_organ", "enterprise_branch"),
        theme="education",
        description="党员教育培训和管理工作。",
    ),
    ColumnSpec(
        slug="photos",
        title="图片新闻",
        kind="news",
        owner="组织组",
        contributors=(ALL_UNITS,),
        theme="photos",
        description="用图片记录全区党建工作。",
    ),
]


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    unit: str
    last_name: str
    first_name: str


# One account per role, plus what the approval chain needs to release items of every column:
# a department leader (分管部领导) per responsible department and liaisons who write in them.
ACCOUNTS = [
    AccountSpec("liaison", "liaison", "干部科", "林", "晓燕"),
    AccountSpec("town_liaison", "liaison", "长流镇", "符", "海燕"),
    AccountSpec("org_liaison", "liaison", "组织科", "云", "雅婷"),
    AccountSpec("talent_liaison", "liaison", "人才办", "冯", "志明"),
    AccountSpec("proofreader1", "proofreader", "组织组", "陈", "思远"),
    AccountSpec("proofreader2", "proofreader", "组织组", "吴", "佳琪"),
    AccountSpec("unit_approver", "unit_approver", "长流镇", "王", "志强"),
    AccountSpec("dept_leader", "dept_leader", "组织科", "李", "建国"),
    AccountSpec("group_leader", "dept_leader", "组织组", "周", "国华"),
    AccountSpec("cadre_leader", "dept_leader", "干部科", "孙", "立平"),
    AccountSpec("talent_leader", "dept_leader", "人才办", "杨", "振宇"),
    AccountSpec("minister", "minister", "组织组", "张", "明华"),
    AccountSpec("site_admin", "site_admin", "组织组", "黄", "文杰"),
    AccountSpec("specialist", "site_specialist", "市信息中心", "邢", "立新"),
    # Assigns roles: neither the publisher nor the security officer may.
    AccountSpec("account_admin", "account_admin", "组织组", "蒙", "丽华"),
]

# Liaison persons without an account: (name, unit, phone).
LIAISON_PERSONS = [
    ("吉秀兰", "西秀镇", "0898-68600013"),
    ("钟海波", "秀英街道", "0898-68600014"),
    ("梁永康", "区直属机关工委", "0898-68600015"),
    ("蔡丽娜", "区教育局", "0898-68600016"),
    ("许国栋", "区总工会", "0898-68600017"),
    ("何佳怡", "共青团秀英区委", "0898-68600018"),
    ("郑春梅", "秀英区人民医院党总支", "0898-68600019"),
]

# The steps of the chain each demo role signs (README, "The demo accounts"); ``{unit}`` is the
# account's unit.
SIGNED_STEPS = {
    "liaison": "拟稿人审核（本人拟稿的信息）",
    "proofreader": "一校、二校（同一信息两校须由不同校对员）",
    "unit_approver": "单位审核（{unit}报送的信息）",
    "dept_leader": "分管部领导签批（{unit}负责的栏目中各科室报送的信息）",
    "minister": "组织部长签批（重大、敏感信息）",
    "site_admin": "组织组发布",
    "site_specialist": "不签批（复查、下线、筛查词库）",
    "account_admin": "不签批（分配角色）",
}


def signed_steps(role: str, unit: str) -> str:
    return SIGNED_STEPS.get(role, "").format(unit=unit)
