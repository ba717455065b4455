"""A small fixed data set for the reports, with expectations computed by hand in the tests.

Three liaisons of three units, two columns of 组织科 (news and notices) and one empty column of
干部科, seven contribution records between December 2025 and June 2026, adoptions and
endorsements. The assessment day is 15 July 2026: quarters 1 and 2 are due.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from wagtail.models import Page

from cms.core.models import UnitKind
from columns.models import ColumnKind
from liaisons.models import Adoption, Contribution, Endorsement
from tests.factories.pages import ColumnPageFactory
from tests.factories.units import SectionFactory, UnitFactory
from tests.liaisons.factories import ContributionFactory, LiaisonFactory
from tests.workflows.release_records import item_under, log_release

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 7, 15)
HOUR = 3600


def at(month, day, year=2026, hour=10):
    return datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


@dataclass
class Dataset:
    liaisons: dict
    columns: dict
    units: dict


def build(home) -> Dataset:
    org = SectionFactory(name="组织科")
    cadres = SectionFactory(name="干部科")
    towns = {name: UnitFactory(name=name, kind=UnitKind.TOWN) for name in ("长流镇", "西秀镇")}
    news = ColumnPageFactory(parent=home, title="工作动态", slug="news", responsible_department=org)
    notices = ColumnPageFactory(
        parent=home,
        title="通知公告",
        slug="notices",
        responsible_department=org,
        column_kind=ColumnKind.NOTICES,
    )
    empty = ColumnPageFactory(
        parent=home, title="干部视频", slug="cadre-videos", responsible_department=cadres
    )
    people = {
        "A": LiaisonFactory(name="甲", unit=towns["长流镇"]),
        "B": LiaisonFactory(name="乙", unit=towns["西秀镇"]),
        "C": LiaisonFactory(name="丙", unit=org),
    }
    _records(people, news, notices)
    return Dataset(
        people, {"news": news, "notices": notices, "empty": empty}, {"org": org, "cadres": cadres}
    )


def _item(liaison, column, form, submitted, released=None, rejected=None, **extra):
    status = Contribution.Status.RELEASED if released else Contribution.Status.REJECTED
    title = extra.pop("title", f"{column.title}{form}{submitted:%m%d%H}")
    return ContributionFactory(
        article_page_id=item_under(column, title).pk,
        title=title,
        liaison=liaison,
        column=column,
        department=column.responsible_department,
        content_form=form,
        submitted_at=submitted,
        drafting_seconds=extra.pop("drafting_seconds", HOUR),
        released_at=released,
        rejected_at=rejected,
        status=status,
        **extra,
    )


def log_releases(records):
    """The release log's entries of the released records, oldest first, as the chain logs
    them; the reports read a column's last update from the log."""
    for record in sorted((r for r in records if r.released_at), key=lambda r: r.released_at):
        log_release(Page.objects.get(pk=record.article_page_id), at=record.released_at)


def _records(people, news, notices):
    log_releases(_record_list(people, news, notices))


def _record_list(people, news, notices):
    a, b, c = people["A"], people["B"], people["C"]
    first = _item(a, news, "text", at(1, 5), released=at(1, 6), grade="excellent")
    Adoption.objects.create(
        contribution=first, level="city", outlet="海口日报", adopted_on=date(2026, 2, 1)
    )
    Adoption.objects.create(
        contribution=first, level="province", outlet="海南日报", adopted_on=date(2026, 3, 1)
    )
    second = _item(a, news, "video", at(2, 10), released=at(2, 11), grade="good")
    records = [first, second]
    for level, leader in (("district", "区委书记"), ("city", "市委组织部部长")):
        Endorsement.objects.create(
            contribution=second, level=level, leader=leader, endorsed_on=date(2026, 3, 1)
        )
    records += [
        _item(a, news, "text", at(3, 1), rejected=at(3, 2), drafting_seconds=5 * 24 * HOUR),
        _item(b, news, "pictures", at(4, 20), released=at(4, 21)),
        _item(b, notices, "document", at(5, 10), released=at(5, 12), rejected=at(5, 11)),
        _item(c, news, "text", at(6, 25), released=at(6, 26)),
        _item(a, news, "text", at(12, 19, 2025), released=at(12, 20, 2025)),
    ]
    return records


def more_items(liaison, column, count, *, start=None):
    """Extra released items, to show that the query count does not grow with them."""
    start = start or at(4, 1)
    records = [
        _item(
            liaison,
            column,
            "text",
            start + timedelta(hours=i),
            released=start + timedelta(hours=i + 1),
            title=f"{column.title}补充{i}",
        )
        for i in range(count)
    ]
    log_releases(records)
