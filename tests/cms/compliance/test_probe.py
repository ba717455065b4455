"""manage.py probe_site against a loopback server the test starts; the week's failure rate and
the alert to 网站专管员."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cms.compliance.models import Probe
from cms.compliance.probe import site_probe
from tests.cms.compliance.loopback import LoopbackServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def test_probe_records_status_time_and_failures(server, settings):
    settings.XIUYING = {"PROBE_TIMEOUT_SECONDS": 0.3}
    server.slow_seconds = 1
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "probe_site",
            server.base + "/ok",
            server.base + "/error",
            server.base + "/slow",
            stdout=out,
        )
    assert str(failed.value) == "2 个地址探测失败。"
    rows = {p.url.rsplit("/", 1)[1]: p for p in Probe.objects.all()}
    assert (rows["ok"].ok, rows["ok"].status) == (True, 200)
    assert rows["ok"].seconds is not None and rows["ok"].seconds < 0.3
    assert (rows["error"].ok, rows["error"].status) == (False, 500)
    assert (rows["slow"].ok, rows["slow"].error) == (False, "超过 0.3 秒未响应")
    assert "正常 " + server.base + "/ok 状态 200" in out.getvalue()


def test_command_exits_0_when_every_address_answers(server):
    call_command("probe_site", server.base + "/ok", stdout=StringIO())
    assert Probe.objects.get().ok


def test_specialist_is_alerted_when_the_week_reaches_five_percent(server, specialist, now):
    specialist.email = "specialist@xiuying.example"
    specialist.save()
    Probe.objects.bulk_create(
        Probe(url="http://site/", probed_at=now - timedelta(hours=i), ok=i >= 6) for i in range(138)
    )
    site_probe([server.base + "/ok"], now=now)  # 6 of 139: 4.3 %, at risk
    assert mail.outbox == []
    site_probe([server.base + "/missing"], now=now)  # 7 of 140: 5.0 %
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["specialist@xiuying.example"]
    assert "站点可用性单项否决指标已触发" in message.subject
    assert "失败 7 次" in message.body
    site_probe([server.base + "/missing"], now=now)
    assert len(mail.outbox) == 1  # once per alert window
