"""A small labelled set for near-duplicate detection (fictitious news of a district).

``BASES`` are distinct items; several share a template (a theme day, a study session) with
other details, the hard negatives. ``variants`` makes the near-duplicates an editor submits
again: a sentence dropped, one added, numbers and dates changed, the title reworded.
"""

from __future__ import annotations

import re

BASES = [
    (
        "海秀街道党工委开展主题党日活动",
        "5月12日，海秀街道党工委组织机关党员30余人赴琼崖纵队纪念园开展主题党日活动。"
        "党员们重温入党誓词，参观革命史料展，聆听老党员讲述琼崖革命二十三年红旗不倒的故事。"
        "大家表示，要赓续红色血脉，立足岗位为群众办实事。",
    ),
    (
        "长流镇党委开展主题党日活动",
        "6月3日，长流镇党委组织各村党支部书记到乡村振兴示范点开展主题党日活动。"
        "与会人员实地察看了特色种植基地和村集体经济项目，围绕壮大村集体经济交流发言。"
        "镇党委书记要求各支部学习先进经验，推动产业发展。",
    ),
    (
        "区委组织部召开理论学习中心组学习会",
        "4月8日，区委组织部召开理论学习中心组学习会，专题学习党的组织工作有关文件精神。"
        "会议强调，要把学习成果转化为推动组织工作高质量发展的实际成效，"
        "持续加强基层党组织建设，提升组织力。",
    ),
    (
        "区教育局召开理论学习中心组学习会",
        "9月15日，区教育局召开理论学习中心组学习会，学习教育领域有关政策文件。"
        "会议要求，各学校要落实立德树人根本任务，加强教师队伍建设，"
        "办好人民满意的教育。",
    ),
    (
        "秀英区举办基层党务工作者培训班",
        "为提升基层党务工作者业务能力，秀英区于7月20日至22日举办基层党务工作者培训班，"
        "全区120名党务工作者参加培训。培训采取专题讲座、现场教学和交流研讨相结合的方式，"
        "内容涵盖发展党员、党费收缴和组织生活等业务。",
    ),
    (
        "西秀镇开展党员志愿服务进社区活动",
        "近日，西秀镇组织党员志愿者走进社区，开展义诊、政策宣讲和环境整治等志愿服务。"
        "活动中，志愿者为老年居民测量血压，发放政策宣传资料200余份，清理卫生死角10余处。",
    ),
    (
        "区卫健委党组开展廉政警示教育",
        "11月5日，区卫健委党组组织全体党员干部观看廉政警示教育片，"
        "并结合典型案例开展讨论。党组书记指出，要时刻绷紧廉洁自律这根弦，"
        "筑牢拒腐防变的思想防线。",
    ),
    (
        "东山镇召开村级换届工作部署会",
        "3月2日，东山镇召开村级组织换届工作部署会，传达上级有关文件精神，"
        "对换届选举工作进行全面部署。会议要求严把人选资格条件，严肃换届纪律，"
        "确保换届风清气正。",
    ),
    (
        "区税务局党委开展读书分享会",
        "为营造浓厚学习氛围，区税务局党委近日举办读书分享会，"
        "8名青年干部结合工作实际分享了读书心得。大家表示将把书中所学运用到纳税服务中，"
        "不断优化营商环境。",
    ),
    (
        "秀英区召开防汛防风工作会议",
        "8月30日，秀英区召开防汛防风工作会议，分析当前形势，部署下阶段工作。"
        "会议要求各镇街、各部门压实责任，加强隐患排查，做好物资储备和人员转移准备，"
        "确保人民群众生命财产安全。",
    ),
    (
        "区人社局开展就业援助月活动",
        "1月至2月，区人社局开展就业援助月活动，举办专场招聘会4场，"
        "提供就业岗位1500余个，帮助就业困难人员实现就业。活动期间还开展了政策咨询和技能培训。",
    ),
    (
        "石山镇党委开展主题党日活动",
        "10月9日，石山镇党委组织镇机关党员到火山口公园开展主题党日活动，"
        "开展生态环境保护宣传和垃圾清理，并召开座谈会交流学习体会。",
    ),
]

ADDED_SENTENCE = "活动结束后，参与人员纷纷表示收获很大。"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=。)", text) if s]


def variants(title: str, text: str) -> list[tuple[str, str]]:
    """Three near-duplicates of one item, as an editor would submit it again."""
    sentences = _sentences(text)
    dropped = "".join(sentences[:-1]) if len(sentences) > 1 else text
    numbers = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), text)
    return [
        (title, dropped),
        (f"{title}（更新）", text + ADDED_SENTENCE),
        (title.replace("开展", "组织开展").replace("召开", "组织召开"), numbers),
    ]


def labelled_pairs() -> list[tuple[tuple[str, str], tuple[str, str], bool]]:
    """(item, other, is_duplicate) for every base against its variants and the other bases."""
    pairs = []
    for index, base in enumerate(BASES):
        pairs += [(base, variant, True) for variant in variants(*base)]
        pairs += [(base, other, False) for other in BASES[index + 1 :]]
    return pairs
