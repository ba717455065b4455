"""Fictitious leaders for the demo's leaders register (issue 16): invented names and dates, no
real person's data. Enough to show a wrong title blocked, an outdated one warned, the protocol
order and a person who may no longer be called by an office."""

from datetime import date

from cms.screening.leader_actions import register_changed
from cms.screening.models import DismissedPerson, Leader, LeaderTitle

# (name, protocol order, [(title, valid from, valid to)])
DEMO_LEADERS = [
    (
        "甄一明",
        1,
        [("区委书记", date(2025, 1, 6), None), ("区长", date(2021, 3, 1), date(2025, 1, 5))],
    ),
    ("贾二华", 2, [("区委副书记", date(2025, 1, 20), None), ("区长", date(2025, 1, 20), None)]),
    ("柯三立", 3, [("区委常委", date(2022, 6, 1), None), ("组织部部长", date(2022, 6, 1), None)]),
    ("卜四海", 4, [("区委常委", date(2023, 3, 1), None), ("宣传部部长", date(2023, 3, 1), None)]),
]
DEMO_DISMISSED = [("莫五德", date(2025, 9, 1), "区委常委、统战部部长")]


def demo_leaders_ensure() -> int:
    """Store the demo's leaders once (a register that has any leader is left alone)."""
    if Leader.objects.exists():
        return 0
    for name, order, titles in DEMO_LEADERS:
        leader = Leader.objects.create(name=name, protocol_order=order)
        LeaderTitle.objects.bulk_create(
            LeaderTitle(leader=leader, title=title, valid_from=start, valid_to=end, sort_order=i)
            for i, (title, start, end) in enumerate(titles)
        )
    for name, since, titles in DEMO_DISMISSED:
        DismissedPerson.objects.get_or_create(
            name=name, defaults={"since": since, "titles": titles}
        )
    register_changed(note="载入演示领导同志名录", rescreen=False)  # stored before the items
    return len(DEMO_LEADERS)
