"""Content screening engine: forbidden terms, serious wording errors, sensitive markers.

Pure Python, no Django and no database, in the bottom layer (text extraction from uploaded
files is not pure: it is ``cms.screening.extract``). A Django model can feed :class:`Entry`
objects to :func:`compile_lexicon`, keep the :class:`Lexicon` per process and rebuild it when
the stored entries' :func:`lexicon_fingerprint` changes.

    lexicon = compile_lexicon(import_csv(csv_bytes))   # or default_lexicon()
    verdict = screen_fields(lexicon, {"标题": title, "正文": body})
    verdict.blocks, verdict.needs_minister, verdict.messages
"""

from .categories import CATEGORIES, Category, category, checklist, find_category
from .csvio import (
    COLUMNS,
    DEFAULT_LEXICON_RELEASE,
    LexiconImportError,
    default_entries,
    default_lexicon,
    export_csv,
    import_csv,
)
from .formulation import formulation_problem
from .leaders import (
    EMPTY_REGISTER,
    Dismissed,
    Leader,
    LeaderRegister,
    Title,
    compile_register,
    leader_hits,
    register_fingerprint,
    register_problems,
)
from .lexicon import (
    ENGINE_VERSION,
    Lexicon,
    LexiconError,
    compile_lexicon,
    entries_removed,
    entry_key,
    entry_problem,
    entry_problems,
    lexicon_fingerprint,
)
from .matching import available_backends
from .model import (
    BLOCKING_KINDS,
    HIT_KIND_LABELS,
    KIND_LABELS,
    RULE_LABELS,
    WARNING_KINDS,
    Entry,
    EntryKind,
    Hit,
    RuleKind,
    Verdict,
)
from .normalize import DEFAULT_MAX_GAP, normalize_term
from .screen import find_hits, locate, screen, screen_fields

__all__ = [
    "BLOCKING_KINDS",
    "EMPTY_REGISTER",
    "HIT_KIND_LABELS",
    "RULE_LABELS",
    "WARNING_KINDS",
    "Dismissed",
    "Leader",
    "LeaderRegister",
    "RuleKind",
    "Title",
    "compile_register",
    "formulation_problem",
    "leader_hits",
    "register_fingerprint",
    "register_problems",
    "CATEGORIES",
    "COLUMNS",
    "DEFAULT_LEXICON_RELEASE",
    "DEFAULT_MAX_GAP",
    "ENGINE_VERSION",
    "KIND_LABELS",
    "Category",
    "Entry",
    "EntryKind",
    "Hit",
    "Lexicon",
    "LexiconError",
    "LexiconImportError",
    "Verdict",
    "available_backends",
    "category",
    "checklist",
    "compile_lexicon",
    "default_entries",
    "default_lexicon",
    "entries_removed",
    "entry_key",
    "entry_problem",
    "entry_problems",
    "export_csv",
    "find_category",
    "find_hits",
    "import_csv",
    "lexicon_fingerprint",
    "locate",
    "normalize_term",
    "screen",
    "screen_fields",
    "text_from_docx",
    "text_from_html",
    "text_from_pdf",
    "text_from_txt",
]
