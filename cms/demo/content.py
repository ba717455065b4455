"""Chinese demo text from templates and phrase lists: pure functions of a ``random.Random``."""

import random
from dataclasses import dataclass

TOPICS = {
    "news": [
        "主题党日活动",
        "专题组织生活会",
        "党建工作推进会",
        "“三会一课”专题学习",
        "基层党组织书记抓党建述职评议会",
        "党员冬训动员部署会",
        "党风廉政建设警示教育大会",
        "基层党组织标准化规范化建设观摩会",
        "党建引领基层治理现场推进会",
    ],
    "notices": [
        "党员组织关系集中排查",
        "党费收缴使用管理自查",
        "基层党组织按期换届",
        "优秀共产党员推荐评选",
        "发展对象政治审查",
        "干部人事档案专项审核",
        "“两优一先”评选表彰",
        "流动党员摸底排查",
    ],
    "policy": [
        "加强基层党组织建设",
        "进一步激励干部担当作为",
        "加强新时代人才工作",
        "规范发展党员工作",
        "推进党建引领乡村振兴",
        "加强党员教育管理",
    ],
    "experience": [
        "“党建+网格”激活基层治理末梢",
        "“红色驿站”打通服务群众最后一公里",
        "“村企联建”助推村集体经济增收",
        "“积分制”管理激发党员队伍活力",
        "“海岸线党建联盟”凝聚发展合力",
        "“书记项目”推动难题破解",
    ],
    "cadres": [
        "科级领导干部考察",
        "年轻干部基层实践锻炼",
        "干部选拔任用工作“一报告两评议”",
        "干部人事档案专项审核",
        "公务员平时考核",
        "干部教育培训",
    ],
    "talents": [
        "自贸港人才政策宣讲",
        "“候鸟”人才服务",
        "人才工作领导小组会议",
        "高层次人才走访慰问",
        "年度人才引进",
        "乡村振兴人才驿站建设",
    ],
    "education": [
        "党员冬春训",
        "“学习强国”学习交流",
        "红色教育基地现场教学",
        "重温入党誓词",
        "流动党员集中学习",
        "新党员入党宣誓",
    ],
    "photos": [
        "志愿服务进社区",
        "党员义务植树",
        "红色教育基地参观学习",
        "海岸线环境整治",
        "关爱老党员走访慰问",
        "党群服务中心开放日",
    ],
}

TITLES = {
    "news": ["{unit}召开{topic}", "{unit}扎实开展{topic}", "{unit}组织开展{topic}"],
    "notices": [
        "关于开展{year}年度{topic}工作的通知",
        "关于做好{topic}有关工作的通知",
        "关于{topic}情况的公示",
    ],
    "policy": [
        "中共海口市秀英区委组织部关于{topic}的实施意见",
        "关于{topic}的工作方案",
        "政策解读：{topic}若干措施",
    ],
    "experience": ["{unit}：{topic}", "{unit}探索{topic}新路径"],
    "cadres": ["{unit}开展{topic}工作", "{unit}扎实做好{topic}"],
    "talents": ["{unit}开展{topic}活动", "{unit}推进{topic}工作"],
    "education": ["{unit}开展{topic}", "{unit}组织党员参加{topic}"],
    "photos": ["【图片新闻】{unit}{topic}", "【图片新闻】{topic}"],
}

DEFAULT = "default"
# Themes written as documents: no meeting-report sentences in their bodies.
DOCUMENT_THEMES = ("notices", "policy")
OPENINGS = {
    DEFAULT: [
        "{month}月{day}日，{unit}组织开展{topic}，{count}余名党员干部参加。",
        "近日，{unit}围绕{topic}精心部署、周密安排，推动各项任务落到实处。",
        "{month}月{day}日上午，{unit}召开专题会议，研究部署{topic}相关工作。",
    ],
    "notices": [
        "为进一步做好{topic}工作，经研究，决定在全区开展相关工作。现将有关事项通知如下：",
        "根据上级有关要求，结合我区实际，现就{topic}有关事项通知如下：",
    ],
    "policy": [
        "为深入贯彻落实上级关于{topic}的部署要求，结合我区实际，提出如下意见。",
        "为推动{topic}工作落地见效，现制定本方案。",
    ],
}
MIDDLES = {
    DEFAULT: [
        "各基层党组织结合实际，制定任务清单，明确责任人和完成时限。",
        "会上通报了前一阶段工作进展情况，分析了存在的困难和问题。",
        "与会人员结合工作实际进行交流发言，气氛热烈，收获满满。",
    ],
    "news": [
        "会议听取了各基层党组织书记抓党建工作情况汇报，并逐一进行点评。",
        "活动中，与会党员重温入党誓词，交流学习体会，进一步坚定了理想信念。",
        "会议强调，要把抓好党建作为最大的政绩，推动党建工作与业务工作深度融合。",
        "组织生活会上，班子成员逐一开展批评与自我批评，查摆问题、明确整改措施。",
        "{unit}党组织书记围绕{topic}作专题辅导，引导党员干部学深悟透、知行合一。",
    ],
    "notices": [
        "一、工作范围：全区各镇（街道）党（工）委、区直各单位党组织。",
        "二、时间安排：{month}月{day}日前完成自查，并按要求报送工作总结。",
        "三、工作要求：各单位要高度重视，明确专人负责，确保按时保质完成。",
        "请各单位在规定时间内将有关材料报送区委组织部组织组，逾期不再受理。",
        "对工作中发现的问题，要建立台账，逐项整改销号。",
        "各单位要严格按照有关规定执行，不得擅自变通。",
        "联系人：区委组织部组织组，联系电话：0898-68600001。",
    ],
    "policy": [
        "一、总体要求。坚持问题导向和目标导向相结合，着力补短板、强弱项。",
        "二、主要任务。围绕{topic}，细化{small}项重点任务，明确责任单位和完成时限。",
        "三、保障措施。加强组织领导，强化督促检查，将落实情况纳入年度党建考核。",
        "四、组织实施。各单位要制定具体实施方案，明确时间表和路线图。",
        "区委组织部将定期通报各单位工作进展情况。",
        "对落实不力、推进缓慢的单位，将进行约谈提醒。",
        "各镇（街道）、区直各单位要结合实际，认真抓好贯彻落实。",
    ],
    "experience": [
        "{unit}坚持抓基层、打基础，把党组织建在网格上，把党员聚在网格中。",
        "通过“以老带新”“结对帮扶”等方式，不断提升基层党组织的组织力。",
        "截至目前，已建成党群服务中心{small}个，打造党建示范点{small}个。",
        "今年以来，共收集解决群众急难愁盼问题{count}余件。",
        "村企联建项目带动村集体经济增收{count}万元。",
    ],
    "cadres": [
        "考察组通过个别谈话、民主测评、实地走访等方式，全面了解干部德、能、勤、绩、廉情况。",
        "此次共选派{small}名年轻干部到乡村振兴一线和项目建设一线实践锻炼。",
        "坚持把政治标准放在首位，严把干部选任动议、考察、讨论决定等关口。",
        "对档案中存在的问题逐一登记、限期整改，确保干部人事档案真实准确。",
    ],
    "talents": [
        "在人才引进方面，坚持引育并举，全年计划引进各类紧缺人才{count}名。",
        "活动现场解读了自贸港人才住房、子女入学、医疗保障等政策。",
        "工作人员为{small}名高层次人才办理了人才认定和服务保障手续。",
        "下一步将搭建“政校企”合作平台，为人才干事创业提供更好环境。",
    ],
    "education": [
        "此次活动采取“线上+线下”相结合的方式，实现党员教育全覆盖。",
        "党员们在红色教育基地聆听讲解，接受了一次深刻的党性教育。",
        "{unit}结合“三会一课”，组织党员开展专题学习{small}次。",
        "新党员面向党旗庄严宣誓，老党员分享入党初心和奋斗故事。",
    ],
    "photos": [
        "党员志愿者深入村（社区）开展政策宣讲、环境整治等志愿服务{small}场次。",
        "活动现场设置了政策咨询台，为群众答疑解惑，发放宣传资料{count}余份。",
        "镜头记录下党员干部冲锋在前、服务群众的一幕幕场景。",
        "群众纷纷点赞，表示党员就在身边，服务就在身边。",
    ],
}
CLOSINGS = {
    DEFAULT: [
        "下一步，{unit}将持续深化{topic}，以高质量党建引领高质量发展。",
        "{unit}表示，将以此次活动为契机，进一步增强党员干部的责任感和使命感。",
        "下一步，将建立长效机制，推动{topic}常态化、制度化开展。",
    ],
    "notices": ["特此通知。", "如有疑问，请及时与区委组织部组织组联系。"],
    "policy": ["本文件自印发之日起施行，由区委组织部负责解释。"],
}

ITEM_KINDS = {
    "news": ["work_focus", "major_event", "leadership_speech"],
    "notices": ["work_focus"],
    "policy": ["leadership_speech", "work_focus"],
    "experience": ["good_practice"],
    "cadres": ["work_focus", "hot_issue"],
    "talents": ["work_focus", "hot_issue"],
    "education": ["major_event", "good_practice"],
    "photos": ["major_event"],
}
CURRENT_YEAR = 2026
SUMMARY_LENGTH = 100


def demo_random(seed) -> random.Random:
    """A reproducible generator for demo content; nothing secret depends on it."""
    return random.Random(seed)  # noqa: S311


@dataclass(frozen=True)
class ArticleText:
    title: str
    summary: str
    paragraphs: list[str]
    item_kind: str


def _fill(rng: random.Random, template: str, *, unit: str, topic: str) -> str:
    return template.format(
        unit=unit,
        topic=topic,
        year=CURRENT_YEAR,
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        count=rng.randint(3, 12) * 10,
        small=rng.randint(3, 15),
    )


def _paragraph(rng: random.Random, templates: list[str], **names) -> str:
    return "".join(_fill(rng, template, **names) for template in templates)


def _split(items: list[str], parts: int) -> list[list[str]]:
    """``items`` in order, cut into ``parts`` runs of nearly equal length."""
    bounds = [round(part * len(items) / parts) for part in range(parts + 1)]
    return [items[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


def _pool(table: dict[str, list[str]], theme: str) -> list[str]:
    return table.get(theme, table[DEFAULT])


def article_paragraphs(rng: random.Random, *, theme: str, unit: str, topic: str) -> list[str]:
    """Three to six paragraphs: an opening, one to four middle ones, and a closing."""
    pool = MIDDLES[theme] if theme in DOCUMENT_THEMES else MIDDLES[theme] + MIDDLES[DEFAULT]
    count = rng.randint(1, 4)
    middles = [pool[i] for i in sorted(rng.sample(range(len(pool)), k=count + 3))]
    groups = [[rng.choice(_pool(OPENINGS, theme)), middles[0]]]
    groups += _split(middles[1:], count)
    groups.append([rng.choice(_pool(CLOSINGS, theme))])
    return [_paragraph(rng, group, unit=unit, topic=topic) for group in groups]


def article_text(rng: random.Random, *, theme: str, unit: str) -> ArticleText:
    """A title, summary, body paragraphs and item kind for an item of ``unit`` on ``theme``."""
    topic = rng.choice(TOPICS[theme])
    title = _fill(rng, rng.choice(TITLES[theme]), unit=unit, topic=topic)
    paragraphs = article_paragraphs(rng, theme=theme, unit=unit, topic=topic)
    summary = paragraphs[0][:SUMMARY_LENGTH]
    return ArticleText(title, summary, paragraphs, rng.choice(ITEM_KINDS[theme]))


def source_text(text: ArticleText, *, unit: str) -> str:
    """The original material (原始资料) of an item as plain text."""
    lines = [f"标题：{text.title}", f"来源单位：{unit}", "", *text.paragraphs, ""]
    return "\n".join(lines)
