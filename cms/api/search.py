"""Chinese word segmentation for full-text search, with jieba.

Wagtail's database backends (SQLite FTS5's unicode61 tokenizer, PostgreSQL's default parser)
treat a run of Han characters as one token, so "全会" never matches "学习贯彻全会精神". Both the
indexed text and the queries are segmented here, and the backend in ``search_backend`` applies it
to every search, the admin's included. Indexed text uses jieba's search mode, which emits the
dictionary words inside long words as well (全会精神 -> 全会, 精神, 全会精神); a query keeps its
finest words only (全会精神 -> 全会 精神), so that it matches wherever those words occur.
HMM guessing of unknown words is off on both sides, so a name is cut the same way in a query as
in an article (https://github.com/fxsjy/jieba#main-functions).
"""

import logging
import re
import threading

import jieba

from cms.core.conf import get_setting

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_lock = threading.Lock()
_ready = False


def _tokenizer():
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                for word in get_setting("SEARCH_EXTRA_WORDS"):
                    jieba.add_word(word)
                _ready = True
    return jieba


def without_controls(text: str) -> str:
    """``text`` without control characters (NUL among them, which PostgreSQL refuses)."""
    return "".join(ch for ch in text if ch.isprintable() or ch.isspace())


def has_han(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def _words(text: str) -> list[str]:
    # Whitespace and punctuation are not words; NUL and control characters never reach SQL.
    cut = _tokenizer().cut_for_search(text, HMM=False)
    return [word for word in cut if any(ch.isalnum() for ch in word)]


def segment_for_index(text: str) -> str:
    """``text`` as space-separated words for the index; text without Han characters as is."""
    if not has_han(text):
        return text
    return " ".join(_words(text))


def finest_words(words: list[str]) -> list[str]:
    """Pure: drop each Chinese word that contains another of ``words`` (the finer ones stand for
    it); other words stay, "part" is not "art"."""
    unique = list(dict.fromkeys(words))
    han = [w for w in unique if has_han(w)]
    return [w for w in unique if not (has_han(w) and any(o != w and o in w for o in han))]


def segment_query(text: str) -> str:
    """A query as space-separated words, which the backends AND together."""
    return " ".join(finest_words(_words(text or "")))


def tokenizer_preload() -> None:
    """Load jieba's dictionary now (1-2 s) when this project's search backend is configured:
    done lazily, the first page saved in a process would hold its write transaction that long."""
    from django.conf import settings

    backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).values()
    if any(backend.get("BACKEND") == "cms.api.search_backend" for backend in backends):
        _tokenizer().initialize()
