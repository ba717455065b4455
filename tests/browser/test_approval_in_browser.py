"""Where an approver lands after acting in the editor, and what the approval dialog says
(issue 17, R-23): approving without an edit keeps the run; an edit is announced before it
sends the item back to the drafter."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.browser.test_chain_in_browser import read_step
from tests.workflows.chain import act, draft, submit
from workflows import rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEEDED_BODY = [("paragraph", "<p>会议强调，要把<strong>学习成果</strong>转化为工作动力。</p>")]
# Wagtail's unsaved-changes controller takes the form's first snapshot 2 s after it connects, and
# an edit typed before that counts as the initial state. It connects twice: once at load and again
# when the form's w-init controller removes itself (Stimulus reconnects the controllers after it in
# data-controller), and each connect made before the first snapshot schedules a snapshot of its
# own. The script records the connects, the snapshots and w-init's end on the edit form.
EDIT_TRACKING = """
window.xiuyingEditTracking = {connects: [], snapshots: [], initDone: false};
const onEditForm = (event) => event.target.id === 'page-edit-form';
document.addEventListener('w-unsaved:ready', (event) => {
  if (onEditForm(event)) window.xiuyingEditTracking.connects.push(performance.now());
});
document.addEventListener('w-unsaved:watch-edits', (event) => {
  if (onEditForm(event)) window.xiuyingEditTracking.snapshots.push(performance.now());
});
document.addEventListener('w-init:ready', (event) => {
  if (onEditForm(event)) window.xiuyingEditTracking.initDone = true;
});
"""
# Settled: w-init is done (so no connect is still to come) and every connect made before the first
# snapshot has had its snapshot, so an edit typed now is an edit.
EDIT_TRACKING_SETTLED = """() => {
  const {connects, snapshots, initDone} = window.xiuyingEditTracking;
  if (!initDone || snapshots.length === 0) return false;
  return snapshots.length >= connects.filter((time) => time < snapshots[0]).length;
}"""


@pytest.fixture
def at_proofreading(chain):
    """An item written by a script (its rich text has no editor block keys), at 一校."""
    article = draft(chain, chain.dept_liaison, title="组织科召开党课", body=SEEDED_BODY)
    submit(article, chain.dept_liaison)
    act(article, chain.dept_liaison)
    return article


def open_dialog(page, base_url, article, action="approve"):
    page.add_init_script(EDIT_TRACKING)
    page.goto(f"{base_url}/admin/pages/{article.pk}/edit/")
    page.wait_for_function(EDIT_TRACKING_SETTLED)
    return page


def show_dialog(page, action="approve"):
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.locator(f"[data-workflow-action-name='{action}']").click()
    dialog = page.locator(".modal, [role=dialog]").last
    expect(dialog.locator("button[type=submit]")).to_be_visible()
    return dialog


def confirm(page, dialog, base_url):
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def test_approving_without_an_edit_lands_on_the_queue_and_keeps_the_run(
    page, live_server, chain, at_proofreading
):
    revisions = at_proofreading.revisions.count()
    sign_in(page, live_server.url, chain.proofreader1)
    open_dialog(page, live_server.url, at_proofreading)
    dialog = show_dialog(page)
    expect(dialog.locator(".xiuying-reapproval-warning")).to_be_hidden()
    dialog.locator("input[name=checklist_confirmed]").check()
    confirm(page, dialog, live_server.url)

    expect(page.locator(".messages")).to_contain_text(
        "已同意（一校）：“组织科召开党课”。下一步：二校，由另一位校对员办理。"
    )
    expect(page.locator(".messages")).not_to_contain_text("已被更新")
    assert read_step(at_proofreading) == rules.PROOFREAD_2
    assert at_proofreading.revisions.count() == revisions


def test_an_edit_is_announced_in_the_dialog_and_sends_the_item_to_the_drafter(
    page, live_server, chain, at_proofreading
):
    sign_in(page, live_server.url, chain.proofreader1)
    open_dialog(page, live_server.url, at_proofreading)
    page.fill("#id_summary", "校对时补充的摘要。")
    expect(page.locator("#page-edit-form")).to_have_attribute(
        "data-w-unsaved-has-edits-value", "true"
    )
    dialog = show_dialog(page)
    warning = dialog.locator(".xiuying-reapproval-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("信息退回拟稿人")
    dialog.locator("input[name=checklist_confirmed]").check()
    confirm(page, dialog, live_server.url)

    expect(page.locator(".messages")).to_contain_text("已保存修改并同意（一校）")
    assert read_step(at_proofreading) == rules.DRAFTER_REVIEW


def test_rejecting_lands_on_the_queue_with_the_drafter_named(
    page, live_server, chain, at_proofreading
):
    sign_in(page, live_server.url, chain.proofreader1)
    open_dialog(page, live_server.url, at_proofreading)
    dialog = show_dialog(page, "reject")
    dialog.locator("textarea[name=comment]").fill("第二段数据需核实。")
    confirm(page, dialog, live_server.url)
    expect(page.locator(".messages")).to_contain_text("已退回修改（一校）：“组织科召开党课”")
    expect(page.locator("body")).not_to_contain_text("没有权限")


def test_releasing_lands_on_the_queue_with_the_release_named(
    page, live_server, chain, at_proofreading
):
    for user in (chain.proofreader1, chain.proofreader2, chain.dept_leader):
        act(at_proofreading, user)
    sign_in(page, live_server.url, chain.site_admin)
    open_dialog(page, live_server.url, at_proofreading)
    dialog = show_dialog(page)
    dialog.locator("input[name=checklist_confirmed]").check()
    confirm(page, dialog, live_server.url)
    expect(page.locator(".messages")).to_contain_text("已发布（组织组发布）：“组织科召开党课”")
    at_proofreading.refresh_from_db()
    assert at_proofreading.live
