"""The stored lexicon (R-12): the shipped defaults stored as rows from the start (issue 11),
versions on every change, reload without a restart, CSV import all-or-nothing, merging unless a
replace was confirmed."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from cms.screening import services as screening_service
from cms.screening.engine import (
    DEFAULT_LEXICON_RELEASE,
    EntryKind,
    LexiconError,
    LexiconImportError,
    default_entries,
    screen,
)
from cms.screening.models import LexiconEntry, LexiconVersion
from cms.screening.services import (
    LEXICON_DENIED,
    VERSION_CACHE_KEY,
    LexiconCreateAction,
    ReplaceUnconfirmed,
    lexicon_changed,
    lexicon_current,
    lexicon_import,
    lexicon_load_defaults,
    lexicon_replace_plan,
)

pytestmark = pytest.mark.django_db

CSV_HEADER = "kind,category,term,suggestion,note\n"


def caught(text: str) -> bool:
    return screen(lexicon_current(), text).blocks


def never_stored():
    """A database made without the migrations' data (flushed, or built by hand)."""
    LexiconEntry.objects.all().delete()
    LexiconVersion.objects.all().delete()


def add_entry(user, **fields):
    entry = LexiconEntry(active=True, **fields)
    return LexiconCreateAction(entry, user=user).execute()


def test_a_new_site_has_the_shipped_entries_as_rows_with_their_release(as_migrated):
    stored = {(row.kind, row.term) for row in LexiconEntry.objects.all()}
    assert stored == {(str(e.kind), e.term) for e in default_entries()}
    assert LexiconVersion.objects.get().note == f"载入内置默认词库（{DEFAULT_LEXICON_RELEASE}版）"
    assert caught("中华人民共合国成立")


def test_adding_one_entry_on_a_new_site_keeps_the_shipped_entries(specialist):
    """Issue 11: the first entry a site adds used to become the whole lexicon."""
    add_entry(specialist, kind="sensitive", term="干部任免")
    assert caught("中华人民共合国成立")
    assert screen(lexicon_current(), "研究干部任免事项").needs_minister


@pytest.mark.parametrize("term", ["干部任免", "攻府"])
def test_a_lexicon_never_stored_stores_the_defaults_before_the_first_entry(specialist, term):
    never_stored()
    assert caught("中华人民共合国成立")  # in force while nothing is stored
    add_entry(
        specialist,
        kind="wrong_form" if term == "攻府" else "sensitive",
        term=term,
        suggestion="政府" if term == "攻府" else "",
    )
    assert caught("中华人民共合国成立")
    assert LexiconEntry.objects.filter(term=term).count() == 1
    assert LexiconEntry.objects.count() == len(default_entries()) + (term != "攻府")


def test_merge_import_on_a_lexicon_never_stored_keeps_the_defaults():
    never_stored()
    lexicon_import(user=None, data=CSV_HEADER + "sensitive,,换届选举,,\n", replace=False)
    assert caught("坚持扫黑险恶不动摇")
    assert LexiconEntry.objects.filter(term="换届选举").exists()


def test_an_emptied_lexicon_stays_empty(specialist):
    """Deleting every entry is a recorded choice, not a reason to bring the defaults back."""
    LexiconEntry.objects.all().delete()
    lexicon_changed(user=specialist, note="删除全部词条")
    assert not caught("中华人民共合国成立")


def test_loading_defaults_merges_them_and_records_a_version(lexicon):
    lexicon.add(EntryKind.SENSITIVE, "干部任免")
    LexiconEntry.objects.filter(term="攻府").delete()
    version = lexicon_load_defaults()
    assert LexiconEntry.objects.count() == len(default_entries()) + 1
    assert version.entry_count == len(default_entries()) + 1
    assert version.note == f"载入内置默认词库（{DEFAULT_LEXICON_RELEASE}版）"


def test_merge_import_adds_rows_and_updates_same_term(lexicon):
    before = LexiconEntry.objects.count()
    lexicon_import(
        user=None,
        data=CSV_HEADER + "wrong_form,,攻府,政府,改过的备注\nsensitive,,换届选举,,\n",
        replace=False,
    )
    assert LexiconEntry.objects.count() == before + 1
    assert LexiconEntry.objects.get(term="攻府").note == "改过的备注"


def test_replace_without_confirmation_is_refused_and_changes_nothing(lexicon):
    before = LexiconVersion.objects.count()
    with pytest.raises(ReplaceUnconfirmed) as refused:
        lexicon_import(user=None, data=CSV_HEADER + "sensitive,,换届选举,,\n", replace=True)
    shipped = len(default_entries())
    assert refused.value.problems == (
        f"替换词库将删除现有{shipped}条启用词条（其中内置默认词条{shipped}条），须确认后才能替换",
    )
    assert LexiconVersion.objects.count() == before
    assert caught("中华人民共合国成立")


def test_replace_with_a_stale_confirmation_is_refused(lexicon):
    data = CSV_HEADER + "sensitive,,换届选举,,\n"
    confirmed = len(lexicon_replace_plan(default_entries()[:1]).removed)
    with pytest.raises(ReplaceUnconfirmed):
        lexicon_import(user=None, data=data, replace=True, confirmed_removals=confirmed)


def test_confirmed_replace_makes_the_file_the_whole_lexicon(lexicon):
    data = CSV_HEADER + "sensitive,,换届选举,,\nwrong_form,,攻府,政府,\n"
    plan = lexicon_replace_plan(import_entries(data))
    assert len(plan.removed) == len(default_entries()) - 1 and plan.shipped == len(plan.removed)
    lexicon_import(user=None, data=data, replace=True, confirmed_removals=len(plan.removed))
    assert set(LexiconEntry.objects.values_list("term", flat=True)) == {"换届选举", "攻府"}
    assert not caught("扫黑险恶")


def test_replace_that_removes_nothing_needs_no_confirmation(lexicon):
    from cms.screening.engine import export_csv

    data = export_csv([*default_entries(), *import_entries(CSV_HEADER + "sensitive,,换届,,\n")])
    lexicon_import(user=None, data=data, replace=True)
    assert LexiconEntry.objects.filter(term="换届").exists()


def import_entries(data):
    from cms.screening.engine import import_csv

    return import_csv(data)


def test_bad_csv_row_imports_nothing_and_names_the_row(lexicon):
    before = LexiconVersion.objects.count()
    with pytest.raises(LexiconImportError) as refused:
        lexicon_import(user=None, data=CSV_HEADER + "forbidden,,没有类别,,\n", replace=True)
    assert refused.value.problems == ("第2行：禁用词必须填写类别（13类禁止内容之一）",)
    assert LexiconVersion.objects.count() == before
    assert LexiconEntry.objects.filter(term="扫黑险恶").exists()


def test_forbidden_term_in_a_category_needing_judgement_is_refused(lexicon):
    with pytest.raises(LexiconError, match="须人工研判"):
        lexicon_import(
            user=None, data=CSV_HEADER + "forbidden,rumour_disorder,谣言词,,\n", replace=False
        )


def test_import_refuses_a_liaison(make_user, town):
    liaison = make_user("liaison_a", "liaison", unit=town)
    with pytest.raises(PermissionDenied, match=LEXICON_DENIED):
        lexicon_import(user=liaison, data=CSV_HEADER + "sensitive,,换届,,\n", replace=False)


def test_every_change_makes_a_new_version_with_the_fingerprint(lexicon):
    first = LexiconVersion.objects.latest("pk")
    version = lexicon.add(EntryKind.SENSITIVE, "干部任免")
    assert version.pk > first.pk
    assert version.fingerprint != first.fingerprint
    assert version.fingerprint == lexicon_current().fingerprint


def test_another_process_recompiles_when_the_version_moves_on(lexicon):
    """A process compiled the lexicon; a change elsewhere is seen on its next call."""
    compiled = lexicon_current()
    assert screening_service._compiled.lexicon is compiled
    LexiconEntry.objects.create(kind="sensitive", term="干部任免")  # another process's write
    lexicon_changed(note="另一进程修改")
    cache.set(VERSION_CACHE_KEY, screening_service.lexicon_version_key())  # its commit
    assert lexicon_current() is not compiled
    assert screen(lexicon_current(), "研究干部任免事项").needs_minister


def test_unchanged_version_reuses_the_compiled_lexicon_without_queries(
    lexicon, django_assert_num_queries
):
    compiled = lexicon_current()
    with django_assert_num_queries(0):
        assert lexicon_current() is compiled


def test_rows_written_behind_the_services_back_cannot_switch_screening_off(lexicon):
    LexiconEntry.objects.create(kind="forbidden", term="没有类别的禁用词")  # invalid
    lexicon_changed(note="脚本直接写入")
    assert screen(lexicon_current(), "扫黑险恶").blocks
