"""Screening in the CMS (R-07, R-12, R-18): the current lexicon of this process, the verdict on
an item, changes to the lexicon, and rescreening live items with what follows from a finding.

The engine is ``cms.screening`` (pure). Every process keeps the lexicon it compiled, keyed by the
id of the latest ``LexiconVersion``; the id sits in the cache and a change sets it at once, so
processes recompile on their next call without a restart.
"""

import logging
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail import hooks
from wagtail.actions.create import CreateAction
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction

from cms.core.conf import get_setting
from cms.core.roles import SITE_STAFF
from cms.core.selectors import user_roles
from cms.screening.engine import (
    BLOCKING_KINDS,
    DEFAULT_LEXICON_RELEASE,
    Entry,
    Lexicon,
    LexiconError,
    Verdict,
    compile_lexicon,
    default_entries,
    entries_removed,
    entry_key,
    entry_problem,
    import_csv,
    lexicon_fingerprint,
    screen_fields,
)
from cms.screening.extract import ExtractLimits, text_from_html
from cms.screening.leaders import article_date, register_current
from cms.screening.models import LexiconEntry, LexiconVersion
from cms.screening.ocr_queue import DOCUMENT, IMAGE, file_ocr, ocr_enabled
from cms.screening.sandbox import Extraction, SandboxLimits, extract_isolated
from cms.security.uploads import upload_archive_limits

logger = logging.getLogger(__name__)

VERSION_CACHE_KEY = "xiuying:screening:lexicon-version"
# v2: bounded text (SCREENING_MAX_DOCUMENT_CHARS); entries of the unbounded v1 are never read.
DOCUMENT_CACHE_KEY = "xiuying:screening:document-text:v2:{}"
SCREENED_SUFFIXES = (".txt", ".pdf", ".docx", ".htm", ".html")
SCREENING_BLOCKED = "信息筛查未通过，不能提交审核：{details}。"
OCR_PENDING = "图片或扫描件中的文字正在识别（{files}），请稍后再提交审核。"
OCR_PENDING_NOTE = "{where}：识别中"
OCR_UNREADABLE = "{where}中的文字无法自动识别（{reason}），请人工核查。"
APPROVAL_BLOCKED = "信息筛查未通过，不能同意，请退回拟稿人修改：{details}。"
LEXICON_DENIED = "只有网站管理员和网站专管员可以维护筛查词库。"
UNREADABLE = "《{title}》无法自动检查（{reason}），请人工核查其内容。"
NO_TEXT_LAYER = "没有可提取的文字，可能是扫描件"
FILE_UNREADABLE = "文件无法读取"
NOT_SCREENED_TYPE = "{suffix} 类型文件不做自动检查"
LEXICON_ROLES = SITE_STAFF
DEFAULTS_NOTE = "载入内置默认词库（{release}版）"
REPLACE_UNCONFIRMED = (
    "替换词库将删除现有{count}条启用词条（其中内置默认词条{shipped}条），须确认后才能替换"
)


# The lexicon of this process ------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    version_key: str
    lexicon: Lexicon


_compiled: _Compiled | None = None


def lexicon_version_key() -> str:
    """ "id:fingerprint" of the latest lexicon version ("0:" before the first change): from the
    cache, else one indexed query. The fingerprint guards against a reused id (a restored
    database) being taken for the lexicon a process already compiled."""
    key = cache.get(VERSION_CACHE_KEY)
    if key is None:
        latest = LexiconVersion.objects.order_by("-pk").values_list("pk", "fingerprint").first()
        key = _version_key(*(latest or (0, "")))
        cache.set(VERSION_CACHE_KEY, key, get_setting("SCREENING_VERSION_CHECK_SECONDS"))
    return key


def _version_key(version_id: int, fingerprint: str) -> str:
    return f"{version_id}:{fingerprint}"


def lexicon_current() -> Lexicon:
    """The lexicon in force, compiled once per process and version."""
    global _compiled
    key = lexicon_version_key()
    compiled = _compiled
    if compiled is None or compiled.version_key != key:
        compiled = _Compiled(key, compile_lexicon(stored_entries()))
        _compiled = compiled
    return compiled.lexicon


def stored_entries() -> list:
    """The active entries as engine entries; the shipped defaults on a site whose lexicon was
    never stored (no row and no version: a database made without the migrations' data).

    Rows written behind the services' back that the engine would refuse are left out (and
    logged), so one bad row never switches screening off.
    """
    rows = list(LexiconEntry.objects.order_by("pk"))
    if not rows and not LexiconVersion.objects.exists():
        return list(default_entries())
    seen, entries = set(), []
    for entry in (row.as_entry() for row in rows if row.active):
        key = entry_key(entry)
        if key in seen or entry_problem(entry):
            logger.warning("Lexicon entry %r left out: invalid or repeated", entry.term)
            continue
        seen.add(key)
        entries.append(entry)
    return entries


# The verdict on an item ------------------------------------------------------------------


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    unchecked: tuple[str, ...] = ()  # documents a person must read: no text could be taken
    pending: tuple[str, ...] = ()  # pictures and scans whose text the worker is still reading


@dataclass
class _Notes:
    """What screening an item could not settle: files for a person, files being read."""

    unchecked: list[str]
    pending: list[str]


def article_screen(article) -> Verdict:
    """The verdict on ``article`` as given (a page, a draft from a revision, an unsaved form)."""
    return article_screening(article).verdict


def article_screen_memo(article) -> Verdict:
    """``article_screen``, remembered on the instance for the lexicon in force: for drafts read
    from a revision, which the approval chain reads several times in one action and never
    changes."""
    key = (lexicon_current().fingerprint, register_current().fingerprint)
    memo = getattr(article, _MEMO, None)
    if memo is None or memo[0] != key:
        memo = (key, article_screen(article))
        setattr(article, _MEMO, memo)
    return memo[1]


_MEMO = "_xiuying_screening_verdict"


def article_screening(article) -> Screening:
    fields, notes = article_fields(article)
    verdict = screen_fields(
        lexicon_current(),
        fields,
        max_gap=get_setting("SCREENING_MAX_GAP"),
        leaders=register_current(),
        on=article_date(article),
    )
    return Screening(
        _with_hooked_hits(verdict, article), tuple(notes.unchecked), tuple(notes.pending)
    )


# Checks of apps above screening (the 暗链 detector of cms.compliance) add their hits here:
# a function of the item returning Hits; blocking ones block like a forbidden term.
SCREENING_HITS_HOOK = "xiuying_screening_hits"


def _with_hooked_hits(verdict: Verdict, article) -> Verdict:
    extra = tuple(hit for check in hooks.get_hooks(SCREENING_HITS_HOOK) for hit in check(article))
    return Verdict(verdict.hits + extra) if extra else verdict


def article_fields(article) -> tuple[list[tuple[str, str]], _Notes]:
    """(field label, text) of everything the public or the approvers read (text inside pictures
    and scans included), and what could not be read yet or at all."""
    fields = [("标题", article.title or ""), ("摘要", article.summary or "")]
    notes = _Notes([], [])
    fields += _image_fields("封面图", article.cover_image, notes)
    for number, block in enumerate(article.body or (), 1):
        fields += _block_fields(f"正文第{number}块", block, notes)
    for material in article.original_materials.all():
        fields.append(("原始资料说明", material.note))
        fields += _document_fields("原始资料", material.document, notes)
    return [(name, text) for name, text in fields if text], notes


def _block_fields(where: str, block, notes: _Notes) -> list[tuple[str, str]]:
    value = block.value
    if block.block_type == "paragraph":
        return [(where, text_from_html(value.source).strip())]
    fields = [(f"{where}（说明）", value.get("caption") or "")]
    if block.block_type == "image":
        fields.append((f"{where}（替代文字）", value.get("alt_text") or ""))
        fields += _image_fields(where, value.get("image"), notes)
    if block.block_type == "video":
        fields += _image_fields(f"{where}（视频封面）", value.get("poster"), notes)
    if block.block_type == "attachment":
        fields.append((f"{where}（附件名称）", value.get("title") or ""))
        fields += _document_fields("附件", value.get("document"), notes)
    return fields


def _image_fields(where: str, image, notes: _Notes) -> list[tuple[str, str]]:
    if image is None:
        return []
    description = getattr(image, "description", "")
    fields = [(f"{where}（图片说明）", description)] if description else []
    return fields + _ocr_fields(f"{where}图片《{image.title}》", IMAGE, image, notes)


def _ocr_fields(where: str, source: str, instance, notes: _Notes) -> list[tuple[str, str]]:
    """The text read inside a picture or scan, named after the file and where it stands."""
    if not ocr_enabled():
        return []
    try:
        outcome = file_ocr(source, instance)
    except OSError:
        notes.unchecked.append(OCR_UNREADABLE.format(where=where, reason=FILE_UNREADABLE))
        return []
    if outcome.pending:
        notes.pending.append(OCR_PENDING_NOTE.format(where=where))
    elif outcome.problem:
        notes.unchecked.append(OCR_UNREADABLE.format(where=where, reason=outcome.problem))
    return [(f"{where}中的文字", outcome.text)] if outcome.text else []


def _document_fields(label: str, document, notes: _Notes) -> list[tuple[str, str]]:
    if document is None:
        return []
    text, problem = document_text(document)
    scans = []
    if document.file_extension.lower() == "pdf":
        scans = _ocr_fields(f"{label}《{document.title}》扫描页", DOCUMENT, document, notes)
    if problem and not (problem == NO_TEXT_LAYER and scans):
        notes.unchecked.append(UNREADABLE.format(title=document.title, reason=problem))
    return [(f"{label}《{document.title}》", text), *scans]


def document_text(document) -> tuple[str, str]:
    """(text, problem) of a document, cached by the file's hash: the text is read in a child
    process held to the extraction limits, and at most SCREENING_MAX_DOCUMENT_CHARS of it is
    kept; a problem (in Chinese) sends the document to a person."""
    suffix = f".{document.file_extension.lower()}"
    if suffix not in SCREENED_SUFFIXES:
        return "", NOT_SCREENED_TYPE.format(suffix=suffix)
    try:
        key = DOCUMENT_CACHE_KEY.format(document.get_file_hash())
        found = cache.get(key)
        if found is None:
            extraction = _extract(document)
            found = (extraction.text, extraction.problem)
            cache.set(key, found, _cache_seconds(extraction))
    except OSError:  # the file is gone from storage: a person must look
        return "", FILE_UNREADABLE
    return found


def _extract(document) -> Extraction:
    with document.open_file() as handle:
        data = handle.read()
    extraction = extract_isolated(
        document.filename, data, limits=extract_limits(), sandbox=sandbox_limits()
    )
    if extraction.problem or extraction.text.strip():
        return extraction
    return replace(extraction, problem=NO_TEXT_LAYER)


def extract_limits() -> ExtractLimits:
    return ExtractLimits(
        max_chars=get_setting("SCREENING_MAX_DOCUMENT_CHARS"),
        pdf_max_pages=get_setting("SCREENING_PDF_MAX_PAGES"),
        archive=upload_archive_limits(),
    )


def sandbox_limits() -> SandboxLimits:
    return SandboxLimits(
        seconds=get_setting("SCREENING_EXTRACT_SECONDS"),
        memory_bytes=get_setting("SCREENING_EXTRACT_MEMORY_BYTES"),
    )


def _cache_seconds(extraction: Extraction) -> int:
    if extraction.lasting:
        return get_setting("SCREENING_DOCUMENT_CACHE_SECONDS")
    return get_setting("SCREENING_EXTRACT_RETRY_SECONDS")


def verdict_refusal(verdict: Verdict, template: str = SCREENING_BLOCKED) -> str:
    """The message refusing a blocked item, with every blocking hit."""
    hits = (hit for hit in verdict.hits if hit.kind in BLOCKING_KINDS)
    return template.format(details="；".join(hit.message.rstrip("。") for hit in hits))


def screening_refusal(screening: Screening) -> str | None:
    """Why an item cannot be submitted now: a blocking hit, or a file still being read."""
    if screening.verdict.blocks:
        return verdict_refusal(screening.verdict)
    if screening.pending:
        return OCR_PENDING.format(files="；".join(screening.pending))
    return None


def check_submittable(article) -> None:
    """Raise ValidationError when screening forbids submitting ``article`` (R-12)."""
    if refusal := screening_refusal(article_screening(article)):
        raise ValidationError(refusal)


# Changes to the lexicon ------------------------------------------------------------------


def user_may_edit_lexicon(user) -> bool:
    return bool(user and user.is_active and user_roles(user) & LEXICON_ROLES)


def lexicon_changed(*, user=None, note: str) -> LexiconVersion:
    """Record a new version after any change; processes recompile, live items are rescreened."""
    entries = [row.as_entry() for row in LexiconEntry.objects.filter(active=True)]
    version = LexiconVersion.objects.create(
        fingerprint=lexicon_fingerprint(entries),
        entry_count=len(entries),
        note=note[:255],
        created_by=user,
    )
    # Forget the old key now (this transaction reads its own version), publish the new one to
    # every process when the change is committed.
    cache.delete(VERSION_CACHE_KEY)
    key = _version_key(version.pk, version.fingerprint)
    transaction.on_commit(lambda: _announce(key))
    return version


def _announce(key: str) -> None:
    cache.set(VERSION_CACHE_KEY, key, get_setting("SCREENING_VERSION_CHECK_SECONDS"))
    if get_setting("SCREENING_RESCREEN_ON_CHANGE"):
        from cms.screening.tasks import rescreen_queue

        rescreen_queue(reason="筛查词库变更")


class LexiconCreateAction(CreateAction):
    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        lexicon_seed(user=self.user, besides=self.instance.as_entry())
        result = super().execute(skip_permission_checks)
        lexicon_changed(user=self.user, note=f"新增词条“{self.instance.term}”")
        return result


class LexiconEditAction(EditAction):
    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        result = super().execute(skip_permission_checks)
        lexicon_changed(user=self.user, note=f"修改词条“{self.instance.term}”")
        return result


class LexiconDeleteAction(DeleteAction):
    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        term = self.instance.term
        result = super().execute(skip_permission_checks)
        lexicon_changed(user=self.user, note=f"删除词条“{term}”")
        return result


@dataclass(frozen=True)
class ReplacePlan:
    """What replacing the lexicon removes: the entries in force that the new one lacks."""

    removed: tuple[Entry, ...]

    @property
    def shipped(self) -> int:
        """How many of them are shipped defaults (the serious-wording protection)."""
        return len(self.removed) - len(entries_removed(self.removed, default_entries()))

    @property
    def message(self) -> str:
        return REPLACE_UNCONFIRMED.format(count=len(self.removed), shipped=self.shipped)


class ReplaceUnconfirmed(LexiconError):
    """A replacing import that would remove entries nobody confirmed removing."""

    headline = "词库未作任何更改："

    def __init__(self, plan: ReplacePlan):
        self.plan = plan
        super().__init__([plan.message])


def lexicon_replace_plan(entries) -> ReplacePlan:
    """What replacing the lexicon in force by ``entries`` would remove."""
    return ReplacePlan(entries_removed(stored_entries(), entries))


@transaction.atomic
def lexicon_import(
    *,
    user,
    data: bytes | str,
    replace: bool,
    note: str = "",
    confirmed_removals: int | None = None,
) -> LexiconVersion:
    """Import a CSV: all of it or nothing (LexiconImportError / LexiconError list the rows).

    Without ``replace`` its rows merge into the lexicon: a row with the kind and (normalised)
    term of an entry updates it, others are added. ``replace`` makes the file the whole lexicon,
    and only knowingly: when it would remove entries, ``confirmed_removals`` must be their count
    (``lexicon_replace_plan`` tells them), else ReplaceUnconfirmed.
    """
    if user is not None and not user_may_edit_lexicon(user):
        raise PermissionDenied(LEXICON_DENIED)
    entries = import_csv(data)
    if replace:
        _check_confirmed(entries, confirmed_removals)
    else:
        lexicon_seed(user=user)
    return _lexicon_store(entries, user=user, replace=replace, note=note)


def _check_confirmed(entries, confirmed_removals: int | None) -> None:
    plan = lexicon_replace_plan(entries)
    if plan.removed and confirmed_removals != len(plan.removed):
        raise ReplaceUnconfirmed(plan)


def _lexicon_store(entries, *, user, replace: bool, note: str) -> LexiconVersion:
    rows = {} if replace else {entry_key(r): r for r in LexiconEntry.objects.filter(active=True)}
    touched = []
    for entry in entries:
        row = rows.setdefault(entry_key(entry), LexiconEntry())
        row.kind, row.term, row.category = entry.kind, entry.term, entry.category
        row.suggestion, row.note, row.active = entry.suggestion, entry.note, True
        touched.append(row)
    compile_lexicon(row.as_entry() for row in rows.values())  # refuses a broken result
    if replace:
        LexiconEntry.objects.all().delete()
    for row in touched:
        row.save()
    mode = "导入并替换" if replace else "导入并合并"
    return lexicon_changed(user=user, note=note or f"{mode}{len(entries)}条词条")


def lexicon_is_new() -> bool:
    """Nothing was ever stored: no entry and no version."""
    return not (LexiconVersion.objects.exists() or LexiconEntry.objects.exists())


def lexicon_seed(*, user=None, besides: Entry | None = None) -> LexiconVersion | None:
    """Store the shipped defaults on a site whose lexicon was never stored, so that the first
    change adds to them instead of standing alone; ``besides`` is an entry about to be added,
    whose default is left out. None when the lexicon was stored already."""
    if not lexicon_is_new():
        return None
    keep = [e for e in default_entries() if besides is None or entry_key(e) != entry_key(besides)]
    note = DEFAULTS_NOTE.format(release=DEFAULT_LEXICON_RELEASE)
    return _lexicon_store(keep, user=user, replace=False, note=note)


@transaction.atomic
def lexicon_load_defaults(
    *, user=None, replace: bool = False, confirmed_removals: int | None = None
) -> LexiconVersion:
    """Merge the shipped defaults into the stored lexicon (entries of the site stay; a default
    the site edited is reset), or with ``replace`` reset the lexicon to them, as confirmed."""
    entries = default_entries()
    if replace:
        _check_confirmed(entries, confirmed_removals)
    note = DEFAULTS_NOTE.format(release=DEFAULT_LEXICON_RELEASE)
    return _lexicon_store(entries, user=user, replace=replace, note=note)
