"""Chinese names family name first, without a space, wherever the chain shows a person: the
dashboard, the approval form (HTML, print, PDF), the release log and the mails (issue 17; one
helper, ``cms.core.names``)."""

import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from tests.workflows.chain import act, draft, released, submit
from workflows.models import ApprovalForm, ReleaseLogEntry

pytestmark = pytest.mark.django_db
NAMES = {
    "town_liaison": ("海燕", "符"),
    "unit_approver": ("建华", "王"),
    "proofreader1": ("思远", "孙"),
    "proofreader2": ("晓燕", "林"),
    "site_admin": ("文杰", "黄"),
}


@pytest.fixture
def named(chain):
    for attribute, (given, family) in NAMES.items():
        user = getattr(chain, attribute)
        user.first_name, user.last_name = given, family
        user.save(update_fields=["first_name", "last_name"])
    return chain


def written(attribute):
    given, family = NAMES[attribute]
    return f"{family}{given}", f"{given} {family}"


def test_the_form_its_pdf_the_log_and_the_mails_write_family_names_first(
    client, named, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        released(named, title="长流镇召开党建推进会")
    form = ApprovalForm.objects.get()
    client.force_login(named.site_admin)
    print_url = reverse("xiuying_records:approval_form_print", args=[form.pk])
    html = client.get(print_url).content.decode()
    pdf = client.get(reverse("xiuying_records:approval_form_pdf", args=[form.pk])).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    entry = ReleaseLogEntry.objects.get(kind=ReleaseLogEntry.Kind.RELEASE)
    mails = " ".join(message.body for message in mail.outbox)

    for attribute in ("town_liaison", "proofreader1", "proofreader2", "site_admin"):
        right, wrong = written(attribute)
        assert right in html and wrong not in html, attribute
        assert wrong not in pdf_text.replace("\n", " ")
    assert entry.actor_name == "黄文杰"
    assert "符海燕" in mails and "海燕 符" not in mails


def test_the_dashboard_writes_the_account_family_name_first(client, named):
    article = submit(
        draft(named, named.town_liaison, title="长流镇开展主题党日"), named.town_liaison
    )
    act(article, named.town_liaison)
    act(article, named.unit_approver)
    client.force_login(named.proofreader1)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "孙思远" in home and "思远 孙" not in home  # the account summary


def sidebar_account_name(html: str) -> str:
    """The name the sidebar's account menu shows, from the props Wagtail renders for it."""
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    [main_menu] = [
        module for module in json.loads(props.group(1))["modules"]
        if module.get("_type") == "wagtail.sidebar.MainMenuModule"
    ]  # fmt: skip
    return main_menu["_args"][2]["name"]


@pytest.mark.parametrize(
    ("given", "family", "shown"), [("晓燕", "林", "林晓燕"), ("", "", "proofreader2")]
)
def test_the_sidebar_names_the_account_as_it_is_written(client, chain, given, family, shown):
    user = chain.proofreader2
    user.first_name, user.last_name = given, family
    user.save(update_fields=["first_name", "last_name"])
    client.force_login(user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert sidebar_account_name(home) == shown
