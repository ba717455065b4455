"""CSV import/export of lexicon entries, and the shipped default lexicon."""

from __future__ import annotations

import pytest

from cms.screening.engine import (
    Entry,
    EntryKind,
    LexiconImportError,
    compile_lexicon,
    default_entries,
    default_lexicon,
    export_csv,
    import_csv,
    screen,
)

from .samples import SAMPLE_ENTRIES

# Pure rules: no Django settings, no database (`make test-pure` runs them so).
pytestmark = pytest.mark.pure

HEADER = "kind,category,term,suggestion,note\n"


def problems_of(data):
    with pytest.raises(LexiconImportError) as caught:
        import_csv(data)
    return list(caught.value.problems)


def test_export_then_import_gives_the_same_entries():
    entries = (*SAMPLE_ENTRIES, Entry(EntryKind.SENSITIVE, 'a,"b"\n c', note='逗号,引号"换行\n'))
    assert import_csv(export_csv(entries)) == entries


def test_export_writes_the_header_and_codes():
    text = export_csv([Entry(EntryKind.WRONG_FORM, "攻府", suggestion="政府", note="错字")])
    assert text == HEADER + "wrong_form,,攻府,政府,错字\n"


def test_import_accepts_chinese_names_for_kinds_and_categories():
    data = "term,kind,category\n某词,禁用词,煽动民族仇恨、破坏民族团结\n他词,敏感提示,10\n"
    assert import_csv(data) == (
        Entry(EntryKind.FORBIDDEN, "某词", category="ethnic_hatred"),
        Entry(EntryKind.SENSITIVE, "他词", category="organisation_secrets"),
    )


def test_import_strips_cells_and_skips_blank_rows():
    data = HEADER + " sensitive , , 某词 , , \n,,,,\n\n"
    assert import_csv(data) == (Entry(EntryKind.SENSITIVE, "某词"),)


def test_import_ignores_trailing_empty_columns_added_by_spreadsheets():
    data = "kind,term,,\nsensitive,某词,,\nsensitive,他词\n"
    assert [e.term for e in import_csv(data)] == ["某词", "他词"]


def test_import_reads_utf8_with_bom_gbk_and_utf16_bytes():
    data = HEADER + "sensitive,,某词,,备注\n"
    expected = (Entry(EntryKind.SENSITIVE, "某词", note="备注"),)
    for encoding in ("utf-8", "utf-8-sig", "gbk", "utf-16"):
        assert import_csv(data.encode(encoding)) == expected


def test_bad_rows_are_listed_with_row_numbers_and_reasons():
    data = (
        HEADER
        + "bogus,,某词,,\n"  # row 2
        + "forbidden,,某词,,\n"  # row 3
        + "\n"  # row 4, blank: skipped
        + "forbidden,rumour_disorder,他词,,\n"  # row 5
        + "wrong_form,,攻府,,\n"  # row 6
        + "sensitive,,好词,,,多余\n"  # row 7
        + "sensitive,,好 词,,\n"  # row 8
    )
    assert problems_of(data) == [
        "第2行：类型“bogus”无效，应为forbidden（禁用词）、wrong_form（严重表述错误）、"
        "sensitive（敏感提示）、allow（白名单）、formulation（规范表述）之一",
        "第3行：禁用词必须填写类别（13类禁止内容之一）",
        "第5行：类别“散布谣言、扰乱社会秩序”须人工研判，不能设禁用词；"
        "标记词请改为 sensitive（敏感提示）",
        "第6行：严重表述错误必须填写正确写法（suggestion 列）",
        "第7行：列数（6）多于表头（5）",
        "第8行：与第7行重复（规范化后词条相同）",
    ]


def test_one_bad_row_rejects_the_whole_import():
    data = export_csv(SAMPLE_ENTRIES) + "forbidden,,坏行,,\n"
    with pytest.raises(LexiconImportError) as caught:
        import_csv(data)
    assert str(caught.value).startswith("词库导入失败，未导入任何词条：")
    assert caught.value.problems == ("第8行：禁用词必须填写类别（13类禁止内容之一）",)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("", "文件为空，没有表头"),
        (HEADER, "文件中没有任何词条"),
        (
            "kind,category,word\n",
            "第1行：未知的列“word”，表头只能是 kind、category、term、suggestion、note",
        ),
        ("kind,category\n", "第1行：缺少必填列“term”"),
        ("kind,term,term\n", "第1行：列“term”重复"),
        ("kind,,term\n", "第1行：表头中有空白的列名"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(data, problem):
    assert problem in problems_of(data)


def test_undecodable_bytes_are_rejected():
    assert problems_of(b"kind,term\n\xff\x80\x81\n")[0].startswith("无法读取 CSV 文件")


def test_default_lexicon_loads_and_has_real_wrong_forms():
    entries = default_entries()
    wrong = {e.term: e.suggestion for e in entries if e.kind is EntryKind.WRONG_FORM}
    assert len(wrong) >= 15
    assert wrong["中华人民共合国"] == wrong["中共人民共和国"] == "中华人民共和国"
    assert wrong["扫黑险恶"] == "扫黑除恶"
    assert default_lexicon().fingerprint == compile_lexicon(entries).fingerprint


def test_default_lexicon_has_only_placeholders_for_forbidden_terms():
    forbidden = [e for e in default_entries() if e.kind is EntryKind.FORBIDDEN]
    assert forbidden and all(e.term.startswith("测试禁用词") for e in forbidden)


def test_default_lexicon_catches_serious_wording_errors():
    text = "中华人民共合国成立以来，扫黑险恶专项斗争、習近平總書籍重要讲话。"
    verdict = screen(default_lexicon(), text)
    assert [h.suggestion for h in verdict.hits] == ["中华人民共和国", "扫黑除恶", "习近平总书记"]
    assert verdict.blocks


def test_default_lexicon_leaves_correct_official_wording_alone():
    text = (
        "习近平新时代中国特色社会主义思想；中华人民共和国；扫黑除恶；两学一做；"
        "党风廉政建设；脱贫攻坚；一国两制；依法治国；红军围攻府城。"
    )
    assert screen(default_lexicon(), text).hits == ()
