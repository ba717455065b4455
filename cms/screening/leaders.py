"""The leaders register in force (issue 16, R-12): compiled once per process and version, as the
lexicon is (``cms.screening.services``), and the date an item is screened as of.

Changes go through ``cms.screening.leader_actions``, which records a ``LeaderRegisterVersion``;
its id sits in the cache so that every process recompiles on its next call.
"""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import timezone

from cms.core.conf import get_setting
from cms.screening.engine import LeaderRegister, compile_register
from cms.screening.models import DismissedPerson, Leader, LeaderRegisterVersion

REGISTER_CACHE_KEY = "xiuying:screening:leaders-version"


@dataclass(frozen=True)
class _Compiled:
    version_key: str
    register: LeaderRegister


_compiled: _Compiled | None = None


def register_version_key() -> str:
    """ "id:fingerprint" of the latest register version: from the cache, else one query."""
    key = cache.get(REGISTER_CACHE_KEY)
    if key is None:
        latest = LeaderRegisterVersion.objects.order_by("-pk").values_list("pk", "fingerprint")
        found = latest.first() or (0, "")
        key = f"{found[0]}:{found[1]}"
        cache.set(REGISTER_CACHE_KEY, key, get_setting("SCREENING_VERSION_CHECK_SECONDS"))
    return key


def register_current() -> LeaderRegister:
    """The register in force, compiled once per process and version."""
    global _compiled
    key = register_version_key()
    compiled = _compiled
    if compiled is None or compiled.version_key != key:
        compiled = _Compiled(key, register_stored())
        _compiled = compiled
    return compiled.register


def register_stored() -> LeaderRegister:
    leaders = [row.as_leader() for row in Leader.objects.prefetch_related("titles")]
    dismissed = [row.as_dismissed() for row in DismissedPerson.objects.all()]
    return compile_register(leaders, dismissed)


def register_forget() -> None:
    """Drop the cached version key: the next call reads the latest version from the database."""
    cache.delete(REGISTER_CACHE_KEY)


def article_date(article) -> date:
    """The date an item speaks as of: its scheduled or first publication, else today."""
    moment = getattr(article, "go_live_at", None) or getattr(article, "first_published_at", None)
    return timezone.localdate(moment) if moment else timezone.localdate()
