"""Sample lexicon entries shared by the screening tests."""

from __future__ import annotations

import functools

from cms.screening.engine import Entry, EntryKind, Lexicon, compile_lexicon

SAMPLE_ENTRIES = (
    Entry(EntryKind.FORBIDDEN, "测试禁用词甲", category="anti_party_socialism"),
    Entry(EntryKind.FORBIDDEN, "falun", category="religion_cult_superstition"),
    Entry(EntryKind.WRONG_FORM, "中华人民共合国", suggestion="中华人民共和国"),
    Entry(EntryKind.WRONG_FORM, "攻府", suggestion="政府"),
    Entry(EntryKind.SENSITIVE, "测试敏感词", category="organisation_secrets"),
    Entry(EntryKind.ALLOW, "围攻府城"),
)


@functools.cache
def sample_lexicon(backend: str = "auto") -> Lexicon:
    return compile_lexicon(SAMPLE_ENTRIES, backend=backend)
