"""The two Aho-Corasick backends, and the fallback when ahocorasick-rs is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.screening.engine.matching import (
    PythonMatcher,
    RustMatcher,
    available_backends,
    build_matcher,
)

ROOT = Path(__file__).resolve().parents[4]


def test_python_matcher_reports_every_overlapping_occurrence():
    matcher = PythonMatcher(["he", "she", "his", "hers"])
    assert sorted(matcher.find("ushers")) == [(0, 2, 4), (1, 1, 4), (3, 2, 6)]


def test_python_matcher_handles_nested_and_repeated_patterns():
    matcher = PythonMatcher(["哈哈", "哈", "哈哈哈"])
    assert sorted(matcher.find("哈哈哈")) == sorted(
        [(1, 0, 1), (1, 1, 2), (1, 2, 3), (0, 0, 2), (0, 1, 3), (2, 0, 3)]
    )


def test_empty_pattern_list_finds_nothing():
    assert RustMatcher([]).find("任何") == [] == PythonMatcher([]).find("任何")


def test_auto_backend_prefers_rust_when_importable():
    assert available_backends() == ("rust", "python")
    assert build_matcher(["甲"])[0] == "rust"


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="不可用"):
        build_matcher(["甲"], backend="hyperscan")


@settings(max_examples=300, deadline=None, database=None)
@given(
    patterns=st.lists(
        st.text(alphabet="甲乙丙ab", min_size=1, max_size=4), max_size=12, unique=True
    ),
    text=st.text(alphabet="甲乙丙abc", max_size=60),
)
def test_both_backends_find_the_same_matches(patterns, text):
    assert sorted(RustMatcher(patterns).find(text)) == sorted(PythonMatcher(patterns).find(text))


def test_python_fallback_is_used_when_ahocorasick_rs_cannot_be_imported():
    script = textwrap.dedent(
        """
        import sys
        sys.modules["ahocorasick_rs"] = None  # makes "import ahocorasick_rs" fail
        from cms.screening.engine import available_backends, default_lexicon, screen
        lexicon = default_lexicon()
        verdict = screen(lexicon, "中華人民共合國、攻 府")
        print(available_backends(), lexicon.backend, [h.suggestion for h in verdict.hits])
        """
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "('python',) python ['中华人民共和国', '政府']"
