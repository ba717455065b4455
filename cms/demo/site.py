"""The structure of the demo site: the home page and its Site, the units and the columns."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from cms.core.models import Unit
from cms.demo.catalogue import ALL_UNITS, COLUMNS, HOME_SLUG, SITE_TITLE, UNITS, ColumnSpec
from columns.models import ColumnPage
from home.models import HomePage, SiteFooter

SORT_STEP = 10


def _publish(page: Page) -> None:
    # Structure is published by the site itself, not by a user (no approval chain applies).
    page.save_revision().publish()


def _home_page_create() -> HomePage:
    home = HomePage(title=SITE_TITLE, slug=HOME_SLUG)
    Page.get_first_root_node().add_child(instance=home)
    _publish(home)
    return home


def _default_site_point_at(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    site = site or Site.objects.filter(hostname="localhost", port=80).first() or Site()
    site.hostname, site.port, site.is_default_site = "localhost", 80, True
    site.root_page, site.site_name = home, SITE_TITLE
    site.save()
    return site


def _welcome_pages_delete() -> None:
    """Drop Wagtail's initial "Welcome" pages: plain pages at depth 2 with no children."""
    plain = ContentType.objects.get_for_model(Page)
    roots = Site.objects.values("root_page_id")
    welcome = Page.objects.filter(depth=2, content_type=plain, numchild=0)
    for page in welcome.exclude(pk__in=roots):
        page.delete()


def home_page_ensure() -> HomePage:
    """The site root is the one ``HomePage``, served by the default Site."""
    home = HomePage.objects.first() or _home_page_create()
    _default_site_point_at(home)
    _welcome_pages_delete()
    return home


def units_ensure() -> dict[str, Unit]:
    units, position = {}, 0
    for kind, entries in UNITS:
        for name, is_organisation_group in entries:
            position += SORT_STEP
            defaults = {
                "kind": kind,
                "is_organisation_group": is_organisation_group,
                "sort_order": position,
            }
            units[name], _ = Unit.objects.get_or_create(name=name, defaults=defaults)
    return units


def _contributors(spec: ColumnSpec, units: dict[str, Unit]) -> list[Unit]:
    tokens = set(spec.contributors)
    return [
        unit
        for name, unit in units.items()
        if ALL_UNITS in tokens or name in tokens or unit.kind in tokens
    ]


def _column_create(spec: ColumnSpec, parent: Page, units: dict[str, Unit]) -> ColumnPage:
    column = ColumnPage(
        title=spec.title,
        slug=spec.slug,
        description=spec.description,
        column_kind=spec.kind,
        responsible_department=units[spec.owner],
    )
    column.contributing_units.set(_contributors(spec, units))
    parent.add_child(instance=column)
    _publish(column)
    return column


def columns_ensure(home: HomePage, units: dict[str, Unit]) -> dict[str, ColumnPage]:
    """The demo columns by slug, each owned by a department with its contributing units."""
    columns: dict[str, ColumnPage] = {}
    for spec in COLUMNS:
        parent = columns[spec.parent] if spec.parent else home
        existing = ColumnPage.objects.child_of(parent).filter(slug=spec.slug).first()
        columns[spec.slug] = existing or _column_create(spec, parent, units)
    return columns


def column_themes() -> dict[str, str]:
    return {spec.slug: spec.theme for spec in COLUMNS}


# Clearly marked demo values: a deployment enters its own under 设置 → 网站页脚.
DEMO_FOOTER = {
    "sponsor": "中共海口市秀英区委组织部",
    "organiser": "秀英区委组织部组织组",
    "address": "海南省海口市秀英区（演示地址）",
    "postcode": "570311",
    "phone": "0898-00000000",
    "email": "dangjian@xiuying.example",
    "government_mark_url": "https://bszs.conac.cn/",
    "icp_number": "琼ICP备00000000号-1（演示）",
    "police_number": "琼公网安备46010502000000号（演示）",
    "site_code": "0000000000",
}


def site_footer_ensure(mark) -> SiteFooter:
    """The footer of the public site, filled with demo values unless someone has set it."""
    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    if not footer.sponsor:
        for name, value in DEMO_FOOTER.items():
            setattr(footer, name, value)
        footer.government_mark = mark
        footer.save()
    return footer
