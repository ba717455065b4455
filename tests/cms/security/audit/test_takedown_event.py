"""A takedown (R-18) is recorded as a security event too, with who, which item and why, so the
inspectors' export shows it beside sign-ins and viruses."""

import pytest

from cms.security.models import SecurityEvent
from tests.workflows.chain import released
from workflows.takedown import article_take_down

pytestmark = pytest.mark.django_db


def test_takedown_records_a_security_event_with_its_reason(chain, specialist):
    article = released(chain, title="有误的信息")

    article_take_down(user=specialist, article=article, reason="数据未经核实")

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TAKEDOWN)
    assert event.user == specialist
    assert event.detail == {"page_id": article.pk, "title": "有误的信息", "reason": "数据未经核实"}


def test_publishing_records_no_takedown(chain):
    released(chain)

    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TAKEDOWN).exists()
