"""Chinese segmentation for search (R-24). Pure: no database."""

from modelsearch.query import And, Not, Phrase, PlainText

from cms.api.search import finest_words, segment_for_index, segment_query
from cms.api.search_backend import segmented


def test_index_text_keeps_long_words_and_their_parts():
    assert segment_for_index("学习贯彻全会精神").split() == [
        "学习",
        "贯彻",
        "全会",
        "精神",
        "全会精神",
    ]


def test_a_query_keeps_its_finest_words():
    assert segment_query("全会精神") == "全会 精神"
    assert segment_query("学习贯彻全会精神") == "学习 贯彻 全会 精神"


def test_every_query_word_is_a_word_of_the_text_that_contains_it():
    text = "秀英区召开党建引领基层治理现场推进会，学习贯彻二十届三中全会精神"
    indexed = set(segment_for_index(text).split())
    for query in ("全会", "三中全会", "党建引领", "基层治理", "秀英区", "现场推进会"):
        assert set(segment_query(query).split()) <= indexed, query


def test_local_words_are_kept_whole():
    assert segment_query("两学一做") == "两学一做"
    assert "秀英" in segment_for_index("秀英区党建").split()


def test_punctuation_and_control_characters_are_not_words():
    assert segment_query("\x00，。！") == ""
    assert segment_query("全会\x00") == "全会"


def test_latin_words_are_left_alone():
    assert segment_for_index("Wagtail CMS") == "Wagtail CMS"
    assert finest_words(["art", "part"]) == ["art", "part"]


def test_wagtail_queries_are_segmented_inside_and_not_phrases():
    query = And([PlainText("全会精神"), Not(Phrase("三中全会")), PlainText("wagtail")])
    built = segmented(query)
    assert built.subqueries[0].query_string == "全会 精神"
    assert built.subqueries[1].subquery.query_string == "三中 全会"
    assert built.subqueries[2].query_string == "wagtail"
    assert segmented("全会精神") == "全会 精神"


def test_control_characters_never_reach_the_database():
    assert segmented("wag\x00tail") == "wagtail"
    assert segmented(PlainText("\x00")).query_string == ""
