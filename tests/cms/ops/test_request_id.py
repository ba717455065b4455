"""Every response carries X-Request-ID (the proxy's when it looks sane, else a new one) and every
log line of the request carries the same id; production writes them as JSON lines."""

import io
import json
import logging
import sys

import pytest
from django.test import Client

from cms.ops.logging import JsonFormatter, RequestIdFilter, current_request_id
from cms.ops.middleware import request_id_from

pytestmark = pytest.mark.urls("tests.cms.ops.urls")


@pytest.fixture
def json_log():
    """The production handler (JSON formatter, request-id filter) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_log_line_during_a_request_carries_the_proxys_request_id(json_log):
    response = Client().get("/ops-test/log/", HTTP_X_REQUEST_ID="edge-7f3a_01")

    assert response["X-Request-ID"] == "edge-7f3a_01"
    line = next(entry for entry in json_log() if entry["logger"] == "xiuying.test")
    assert line["message"] == "稿件已保存"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "edge-7f3a_01"


def test_the_request_log_line_carries_the_id_status_and_time(json_log, caplog):
    caplog.set_level(logging.INFO, logger="xiuying.request")
    response = Client().get("/ops-test/log/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    line = next(entry for entry in json_log() if entry["logger"] == "xiuying.request")
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/ops-test/log/", 200)
    assert line["duration_ms"] >= 0


def test_the_id_is_forgotten_when_the_response_is_closed():
    Client().get("/healthz", HTTP_X_REQUEST_ID="done-1")

    assert current_request_id() == "-"


def test_probes_get_an_id_but_no_request_log_line(json_log, caplog):
    caplog.set_level(logging.INFO, logger="xiuying.request")
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="probe-1")

    assert response["X-Request-ID"] == "probe-1"
    assert not [entry for entry in json_log() if entry["logger"] == "xiuying.request"]


@pytest.mark.parametrize(
    "header",
    ["x" * 65, "abc def", "abc\nFAKE LOG LINE", "id;drop", "中文", "", "a/b"],
)
def test_an_insane_proxy_id_is_replaced_by_a_new_one(header):
    request_id = request_id_from(header)

    assert request_id != header
    assert len(request_id) == 32 and request_id.isalnum()


def test_sane_ids_are_kept():
    assert request_id_from("A" * 64) == "A" * 64
    assert request_id_from("0b1c-2d_3e") == "0b1c-2d_3e"


def test_json_lines_keep_extras_and_tracebacks():
    record = logging.makeLogRecord(
        {"name": "x", "levelname": "ERROR", "msg": "失败 %s", "args": (1,)}
    )
    record.article_id = 42
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "失败 1"
    assert entry["article_id"] == 42
    assert entry["request_id"] == "-"
    assert "ValueError: boom" in entry["exc_info"]
    assert entry["time"].endswith("+00:00")
