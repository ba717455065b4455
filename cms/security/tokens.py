"""The token version of each account (issue 18): tokens an account signs (the API's preview
tokens) carry it, and deactivating the account moves it on, so they die with the deactivation
and stay dead if the account is reactivated before they would expire.

Deactivation is seen on every ``User.save()`` (the user admin, scripts, the shell); a bulk
``QuerySet.update(is_active=False)`` sends no signal and must call ``account_tokens_revoke``.
"""

import logging

from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.signals import pre_save
from django.dispatch import receiver

from cms.security.models import AccountTokenVersion

logger = logging.getLogger(__name__)


def account_token_version(*, user_id: int) -> int | None:
    """The version of an *active* account's tokens; None when the account is inactive or gone."""
    found = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True)
        .values_list("pk", "xiuying_token_version__version")
        .first()
    )
    return None if found is None else found[1] or 0


def account_tokens_revoke(*, user_id: int) -> None:
    """Every token the account signed so far stops being accepted."""
    version, _ = AccountTokenVersion.objects.get_or_create(user_id=user_id)
    AccountTokenVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)
    logger.info("tokens of account %s revoked", user_id)


@receiver(pre_save, sender="auth.User", dispatch_uid="xiuying_tokens_die_with_deactivation")
def _deactivation_revokes_tokens(sender, instance, **kwargs):
    if instance.pk is None or instance.is_active:
        return
    if sender.objects.filter(pk=instance.pk, is_active=True).exists():
        account_tokens_revoke(user_id=instance.pk)
