"""The admin's sign-in page speaks Chinese to a newcomer (issue 11): every field label."""

import re

import pytest

pytestmark = pytest.mark.django_db


def labels(client) -> list[str]:
    html = client.get("/admin/login/").content.decode()
    found = re.findall(r"<label[^>]*>([\s\S]*?)</label>", html)
    return [re.sub(r"<[^>]+>|\s+|\*", "", label) for label in found]


def test_sign_in_labels_are_chinese(client):
    found = labels(client)
    assert "密码" in found
    assert not [label for label in found if re.search(r"[A-Za-z]{3,}", label)]
