"""The stored lexicon (R-12): defaults while empty, versions on every change, reload without a
restart, CSV import all-or-nothing."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from cms import screening_service
from cms.screening import EntryKind, LexiconError, LexiconImportError, default_entries, screen
from cms.screening_models import LexiconEntry, LexiconVersion
from cms.screening_service import (
    LEXICON_DENIED,
    VERSION_CACHE_KEY,
    lexicon_changed,
    lexicon_current,
    lexicon_import,
    lexicon_load_defaults,
)

pytestmark = pytest.mark.django_db

CSV_HEADER = "kind,category,term,suggestion,note\n"


def test_empty_table_screens_with_the_shipped_defaults():
    assert not LexiconEntry.objects.exists()
    assert screen(lexicon_current(), "坚持扫黑险恶不动摇").blocks


def test_loading_defaults_stores_them_and_records_a_version():
    version = lexicon_load_defaults()
    assert LexiconEntry.objects.count() == len(default_entries())
    assert version.entry_count == len(default_entries())
    assert version.note == "载入内置默认词库"


def test_merge_import_adds_rows_and_updates_same_term(lexicon):
    before = LexiconEntry.objects.count()
    lexicon_import(
        user=None,
        data=CSV_HEADER + "wrong_form,,攻府,政府,改过的备注\nsensitive,,换届选举,,\n",
        replace=False,
    )
    assert LexiconEntry.objects.count() == before + 1
    assert LexiconEntry.objects.get(term="攻府").note == "改过的备注"


def test_replace_import_makes_the_file_the_whole_lexicon(lexicon):
    lexicon_import(user=None, data=CSV_HEADER + "sensitive,,换届选举,,\n", replace=True)
    assert list(LexiconEntry.objects.values_list("term", flat=True)) == ["换届选举"]
    assert not screen(lexicon_current(), "扫黑险恶").blocks


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
