"""Reminders of the freshness watch (R-20): one e-mail per person listing the stale or empty
columns they answer for, sent by ``manage.py remind_stale_columns``.

A column's reminder goes to its liaisons (their accounts) and to the 分管部领导 of its
responsible department; a stale home page goes to the 网站管理员.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from cms.core.conf import role_name
from cms.core.names import display_name

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    user: object
    columns: list = field(default_factory=list)
    home: object = None


def reminders(report) -> list[Reminder]:
    """Who hears about what, in a fixed number of queries; people without an address are kept
    so that the command can report them."""
    departments = {row.department_id for row in report.columns}
    liaison_ids = set().union(*(row.liaison_user_ids for row in report.columns))
    people = _people(liaison_ids, departments, home_stale=report.home.stale)
    out: dict[int, Reminder] = {}
    for row in report.columns:
        for user in people:
            if user.pk in row.liaison_user_ids or _leads(user, row.department_id):
                out.setdefault(user.pk, Reminder(user)).columns.append(row)
    if report.home.stale:
        for user in people:
            if _holds(user, "site_admin"):
                out.setdefault(user.pk, Reminder(user)).home = report.home
    return list(out.values())


def _people(liaison_ids, departments, *, home_stale):
    wanted = Q(pk__in=liaison_ids) | Q(
        groups__name=role_name("dept_leader"), xiuying_profile__unit_id__in=departments
    )
    if home_stale:
        wanted |= Q(groups__name=role_name("site_admin"))
    users = get_user_model().objects.filter(wanted, is_active=True).distinct()
    return list(
        users.select_related("xiuying_profile").prefetch_related("groups").order_by("username")
    )


def _holds(user, role) -> bool:
    return any(group.name == role_name(role) for group in user.groups.all())


def _leads(user, department_id) -> bool:
    profile = getattr(user, "xiuying_profile", None)
    return _holds(user, "dept_leader") and profile is not None and profile.unit_id == department_id


def send_reminders(items: list[Reminder]) -> int:
    """Send one mail per reminder with an address; returns the number sent."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    report_url = base + reverse("xiuying_column_freshness")
    sent = 0
    with get_connection() as connection:
        for item in items:
            if item.user.email:
                sent += _send(item, report_url, connection)
    return sent


def _send(item: Reminder, report_url: str, connection) -> int:
    context = {"reminder": item, "name": display_name(item.user)}
    context["report_url"] = report_url
    subject = render_to_string("liaisons/email/stale_subject.txt", context).strip()
    body = render_to_string("liaisons/email/stale.txt", context)
    try:
        return send_mail(subject, body, None, [item.user.email], connection=connection)
    except Exception:  # One lost mail must not stop the others: log it and carry on.
        logger.exception("Failed to send the stale-column reminder to %s", item.user.email)
        return 0
