"""The draft visibility and document privacy rules, without a database (R-02, R-03, R-13)."""

import json

import pytest

from columns import document_rules, rules
from columns.document_rules import Reader
from workflows import document_rules as document_privacy
from workflows import rules as chain
from workflows.document_rules import ItemUse

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

TOWN, OTHER_TOWN, SECTION, OTHER_SECTION = 1, 2, 3, 4
DRAFTER, UPLOADER = 10, 11


def see(roles, unit, source_unit=TOWN, superuser=False):
    return rules.may_see_item(
        roles=frozenset(roles),
        is_superuser=superuser,
        user_unit_id=unit,
        source_unit_id=source_unit,
    )


def test_liaison_sees_its_own_units_items():
    assert see({"liaison"}, unit=TOWN)


def test_liaison_and_unit_approver_of_another_unit_see_nothing_of_the_item():
    assert not see({"liaison"}, unit=OTHER_TOWN)
    assert not see({"unit_approver"}, unit=OTHER_TOWN)


def test_account_without_a_unit_sees_no_item():
    assert not see({"liaison"}, unit=None)


def test_department_approvers_site_staff_and_superusers_see_every_item():
    for role in ("proofreader", "dept_leader", "minister", "site_admin", "site_specialist"):
        assert see({role}, unit=OTHER_SECTION)
    assert see(set(), unit=None, superuser=True)


def run(source_unit=TOWN, department=False, sensitive=False, escalated=False):
    return chain.Item(
        drafter_id=DRAFTER,
        source_unit_id=source_unit,
        source_unit_is_department=department,
        column_owner_unit_id=SECTION,
        is_major_sensitive=sensitive,
        screening_escalated=escalated,
    )


def town_item(*runs, released=False):
    return ItemUse(drafter_id=DRAFTER, source_unit_id=TOWN, runs=runs, in_released_body=released)


def read(reader, *uses, uploader=UPLOADER):
    return document_privacy.may_read_document(reader=reader, uploader_id=uploader, uses=uses)


def reader(user_id=20, roles=(), unit=None, superuser=False):
    return Reader(user_id=user_id, roles=frozenset(roles), unit_id=unit, is_superuser=superuser)


def test_a_document_in_a_released_body_is_public():
    assert read(None, town_item(released=True))


def test_anonymous_visitor_reads_no_private_document():
    assert not read(None, town_item(run()))
    assert not read(None)


def test_writers_of_the_items_unit_read_its_documents_and_other_units_do_not():
    assert read(reader(user_id=DRAFTER), town_item())
    assert read(reader(roles={"liaison"}, unit=TOWN), town_item())
    assert not read(reader(roles={"liaison"}, unit=OTHER_TOWN), town_item(run()))


def test_uploader_and_site_staff_read_a_document_used_nowhere():
    assert read(reader(user_id=UPLOADER))
    assert read(reader(roles={"site_admin"}))
    assert read(reader(roles={"site_specialist"}))
    assert read(reader(superuser=True))
    assert not read(reader(roles={"liaison"}, unit=TOWN))


def test_approvers_read_only_when_they_may_sign_a_step_of_a_run():
    proofreader = reader(roles={"proofreader"}, unit=SECTION)
    assert read(proofreader, town_item(run()))
    assert not read(proofreader, town_item())  # never submitted: no run, no approver


def test_unit_approver_reads_the_runs_of_its_own_unit_only():
    assert read(reader(roles={"unit_approver"}, unit=TOWN), town_item(run()))
    assert not read(reader(roles={"unit_approver"}, unit=OTHER_TOWN), town_item(run()))


def test_department_leader_reads_where_the_leader_step_applies():
    leader = reader(roles={"dept_leader"}, unit=SECTION)
    assert read(leader, town_item(run(department=True)))
    assert not read(leader, town_item(run(department=False)))
    assert not read(
        reader(roles={"dept_leader"}, unit=OTHER_SECTION), town_item(run(department=True))
    )


def test_minister_reads_major_sensitive_or_escalated_runs_only():
    minister = reader(roles={"minister"}, unit=SECTION)
    assert read(minister, town_item(run(sensitive=True)))
    assert read(minister, town_item(run(escalated=True)))
    assert not read(minister, town_item(run()))


def test_body_documents_are_attachments_and_videos():
    blocks = [
        {"type": "paragraph", "value": "<p>正文</p>"},
        {"type": "attachment", "value": {"document": 7, "title": "附件"}},
        {"type": "video", "value": {"video": 8, "poster": 3, "caption": ""}},
        {"type": "image", "value": {"image": 9}},
    ]
    assert document_rules.body_document_ids(blocks) == {7, 8}


def test_revision_documents_are_the_body_and_the_original_materials():
    content = {
        "body": json.dumps([{"type": "attachment", "value": {"document": 7, "title": ""}}]),
        "original_materials": [{"pk": None, "document": 5, "note": ""}],
    }
    assert document_rules.revision_document_ids(content) == {5, 7}
    assert document_rules.revision_body_document_ids(content) == {7}
