"""Changes to the leaders register (issue 16): each records a version, makes every process
recompile, and queues a rescreening of the live items in the worker (a ``RescreenRun`` whose
progress the register's pages show). Wagtail's actions, so admin views and scripts agree."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.actions.create import CreateAction
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction

from cms.core.conf import get_setting
from cms.screening.engine import register_fingerprint
from cms.screening.leaders import register_forget
from cms.screening.models import DismissedPerson, Leader, LeaderRegisterVersion
from cms.screening.services import LEXICON_ROLES, user_may_edit_lexicon
from cms.screening.tasks import rescreen_queue

REGISTER_DENIED = "只有网站管理员和网站专管员可以维护领导同志名录。"
REGISTER_ROLES = LEXICON_ROLES
RESCREEN_REASON = "领导同志名录变更：{note}"


def user_may_edit_register(user) -> bool:
    return user_may_edit_lexicon(user)


def register_changed(*, user=None, note: str, rescreen: bool = True) -> LeaderRegisterVersion:
    """Record a new version after any change; processes recompile, live items are rescreened
    (unless ``rescreen`` is False: a register stored before any item, as the demo's)."""
    leaders = [row.as_leader() for row in Leader.objects.prefetch_related("titles")]
    dismissed = [row.as_dismissed() for row in DismissedPerson.objects.all()]
    version = LeaderRegisterVersion.objects.create(
        fingerprint=register_fingerprint(leaders, dismissed),
        leader_count=len(leaders),
        note=note[:255],
        created_by=user,
    )
    register_forget()
    transaction.on_commit(lambda: _announce(note, rescreen=rescreen))
    return version


def _announce(note: str, *, rescreen: bool) -> None:
    register_forget()  # again, after the commit: a process may have cached the old key meanwhile
    if rescreen and get_setting("SCREENING_RESCREEN_ON_CHANGE"):
        rescreen_queue(reason=RESCREEN_REASON.format(note=note))


def _check(user) -> None:
    if user is not None and not user_may_edit_register(user):
        raise PermissionDenied(REGISTER_DENIED)


def _label(instance) -> str:
    kind = "领导同志" if isinstance(instance, Leader) else "不得称现职人员"
    return f"{kind}“{instance.name}”"


class RegisterCreateAction(CreateAction):
    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        _check(None if skip_permission_checks else self.user)
        result = super().execute(skip_permission_checks)
        register_changed(user=self.user, note=f"新增{_label(self.instance)}")
        return result


class RegisterEditAction(EditAction):
    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        _check(None if skip_permission_checks else self.user)
        result = super().execute(skip_permission_checks)
        register_changed(user=self.user, note=f"修改{_label(self.instance)}")
        return result


class RegisterDeleteAction(DeleteAction):
    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        _check(None if skip_permission_checks else self.user)
        label = _label(self.instance)
        result = super().execute(skip_permission_checks)
        register_changed(user=self.user, note=f"删除{label}")
        return result
