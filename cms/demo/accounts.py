"""Demo accounts, one per role, and the liaison records of the units."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from cms.core.conf import role_name
from cms.core.models import Unit, UserProfile
from cms.core.services import user_set_unit
from cms.demo.catalogue import (
    ACCOUNTS,
    DEFAULT_PASSWORD,
    EMAIL_DOMAIN,
    LIAISON_PERSONS,
    LIAISON_SINCE,
    AccountSpec,
    signed_steps,
)
from cms.security.passwords import password_mark_chosen
from columns.models import ColumnPage
from liaisons.models import Liaison


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    unit: str
    password: str | None
    signs: str = ""


class DemoPasswordRefused(ValidationError):
    """The password rules (R-16) refuse the --password given for the demo accounts; other
    ValidationErrors of the seed (an upload refused, the scanner down) are not about it."""


def _password_set(user, password: str) -> None:
    # Re-running with the same --password leaves the account as it is: the history rule
    # rightly refuses setting a password to itself.
    if user.has_usable_password() and user.check_password(password):
        return
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DemoPasswordRefused(error.messages) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    password_mark_chosen(user)


def _account_ensure(spec: AccountSpec, unit: Unit, group: Group, password: str | None):
    """Return ``(user, the password set on this run or None)``."""
    defaults = {
        "first_name": spec.first_name,
        "last_name": spec.last_name,
        "email": f"{spec.username}@{EMAIL_DOMAIN}",
    }
    user, created = get_user_model().objects.get_or_create(
        username=spec.username, defaults=defaults
    )
    user.groups.add(group)
    if created or not UserProfile.objects.filter(user=user).exists():
        user_set_unit(user=user, unit=unit)
    new_password = password or (DEFAULT_PASSWORD if created else None)
    if new_password:
        _password_set(user, new_password)
    return user, new_password


def accounts_ensure(
    *, units: dict[str, Unit], groups: dict[str, Group], password: str | None
) -> tuple[dict, list[AccountRow]]:
    """One account per role, in its group and unit. New accounts get ``password`` or the
    demo default; existing ones keep theirs unless ``password`` is given."""
    users, rows = {}, []
    for spec in ACCOUNTS:
        user, new_password = _account_ensure(spec, units[spec.unit], groups[spec.role], password)
        users[spec.username] = user
        signs = signed_steps(spec.role, spec.unit)
        rows.append(AccountRow(spec.username, role_name(spec.role), spec.unit, new_password, signs))
    return users, rows


def _columns_of(unit: Unit, columns: dict[str, ColumnPage]) -> list[ColumnPage]:
    return [
        column
        for column in columns.values()
        if unit.pk == column.responsible_department_id or unit.pk in column.contributing_unit_ids()
    ]


def _liaison_ensure(*, name, unit, user, phone, columns) -> Liaison:
    liaison = Liaison.objects.filter(name=name, unit=unit).first()
    if liaison is None:
        liaison = Liaison(name=name, unit=unit, user=user, phone=phone, active_from=LIAISON_SINCE)
        liaison.columns.set(_columns_of(unit, columns))
        liaison.save()
    return liaison


def liaisons_ensure(
    *, units: dict[str, Unit], columns: dict[str, ColumnPage], users: dict
) -> list[Liaison]:
    """Liaison records of the liaison accounts and of persons of other units without one."""
    liaisons = [
        _liaison_ensure(
            name=f"{spec.last_name}{spec.first_name}",
            unit=units[spec.unit],
            user=users[spec.username],
            phone="",
            columns=columns,
        )
        for spec in ACCOUNTS
        if spec.role == "liaison"
    ]
    for name, unit_name, phone in LIAISON_PERSONS:
        liaisons.append(
            _liaison_ensure(
                name=name, unit=units[unit_name], user=None, phone=phone, columns=columns
            )
        )
    return liaisons
