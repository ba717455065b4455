"""Assessment report files built by the background worker (R-25; issue 8): a person asks for a
report in the admin, the worker builds it (``liaisons.tasks``) into the private ``reports``
storage, and whoever may read the assessment downloads it from the list of files. Large years
never hold a request while the spreadsheet is written.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.db import transaction

from liaisons.selectors import user_may_view_assessment
from liaisons.tasks import KINDS, assessment_report_task

FORMATS = ("xlsx", "csv")
REPORTS_DENIED = "只有网站管理员、网站专管员和组织部长可以生成和下载考核报表。"
BAD_REQUEST = "报表类型或格式不正确。"
NO_SUCH_FILE = "报表文件不存在。"
ONE_PERIOD = "季度和月份只能选一个。"


@dataclass(frozen=True)
class ReportFile:
    name: str
    size: int
    modified: datetime


def _check(user) -> None:
    if not user_may_view_assessment(user):
        raise PermissionDenied(REPORTS_DENIED)


def report_request(user, *, kind: str, fmt: str, year: int, quarter=None, month=None) -> None:
    """Queue the report once the request's transaction has committed."""
    _check(user)
    if kind not in KINDS or fmt not in FORMATS:
        raise ValidationError(BAD_REQUEST)
    if quarter and month:
        raise ValidationError(ONE_PERIOD)
    transaction.on_commit(
        lambda: assessment_report_task.enqueue(kind, fmt, year, quarter=quarter, month=month)
    )


def report_files(user) -> list[ReportFile]:
    """The built files, newest first."""
    _check(user)
    storage = storages["reports"]
    try:
        _dirs, names = storage.listdir("")
    except FileNotFoundError:  # nothing built yet
        return []
    files = [
        ReportFile(name, storage.size(name), storage.get_modified_time(name)) for name in names
    ]
    return sorted(files, key=lambda file: file.modified, reverse=True)


def report_open(user, name: str):
    """An open file of the list; only names the list shows, never a path."""
    _check(user)
    if "/" in name or "\\" in name or name not in {f.name for f in report_files(user)}:
        raise ValidationError(NO_SUCH_FILE)
    return storages["reports"].open(name, "rb")
