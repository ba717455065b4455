"""What screening reads of an item (R-12): title, summary, every text block, image captions and
alt text, and the text of attached documents (PDF, DOCX, plain text)."""

import io

import docx
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.screening.engine import EntryKind
from cms.screening.services import DOCUMENT_CACHE_KEY, article_screen, article_screening
from tests.cms.screening.conftest import paragraph
from tests.cms.screening.pdf_builder import make_pdf
from tests.cms.security.scanning import bombs
from tests.workflows.chain import draft

pytestmark = pytest.mark.django_db


def document(name: str, data: bytes, title: str = "附件") -> Document:
    return Document.objects.create(title=title, file=ContentFile(data, name=name))


def docx_bytes(*paragraphs: str) -> bytes:
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def png_image(description: str = "") -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return Image.objects.create(
        title="图片", description=description, file=ContentFile(buffer.getvalue(), name="a.png")
    )


def hit_fields(verdict) -> list[tuple[str, str]]:
    return [(hit.field, hit.term) for hit in verdict.hits]


def test_title_and_summary_are_screened(chain):
    article = draft(chain, chain.town_liaison, title="坚持扫黑险恶", summary="市攻府召开会议")
    assert hit_fields(article_screen(article)) == [("标题", "扫黑险恶"), ("摘要", "攻府")]


def test_every_text_block_is_screened_with_its_position(chain):
    body = [paragraph("<p>第一段正常。</p>"), paragraph("<p>推进<b>脱贫攻艰</b>工作</p>")]
    article = draft(chain, chain.town_liaison, body=body)
    (hit,) = article_screen(article).hits
    assert (hit.field, hit.start, hit.suggestion) == ("正文第2块", 2, "脱贫攻坚")


def test_image_caption_alt_text_and_description_are_screened(chain):
    image = png_image(description="共产觉员合影")
    block = ("image", {"image": image, "caption": "一国两治", "alt_text": "党的领到"})
    article = draft(chain, chain.town_liaison, body=[block], cover_image=image)
    assert hit_fields(article_screen(article)) == [
        ("封面图（图片说明）", "共产觉"),
        ("正文第1块（说明）", "一国两治"),
        ("正文第1块（替代文字）", "党的领到"),
        ("正文第1块（图片说明）", "共产觉"),
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notice.txt", "通知：依法制国。".encode()),
        ("notice.docx", docx_bytes("第一段", "第二段：依法制国")),
        ("notice.pdf", make_pdf([["第一页"], ["第二页：依法制国"]])),
    ],
)
def test_attached_documents_are_screened(chain, name, data):
    block = ("attachment", {"document": document(name, data, title="通知"), "title": "通知"})
    article = draft(chain, chain.town_liaison, body=[block])
    assert hit_fields(article_screen(article)) == [("附件《通知》", "依法制国")]


def test_original_materials_are_screened(chain):
    from columns.models import ArticleMaterial

    material = ArticleMaterial(document=document("raw.txt", "两学一作".encode(), "原稿"), note="")
    article = draft(chain, chain.town_liaison, original_materials=[material])
    verdict = article_screen(article.get_latest_revision_as_object())
    assert hit_fields(verdict) == [("原始资料《原稿》", "两学一作")]


def test_a_document_without_text_is_left_to_a_person(chain):
    block = ("attachment", {"document": document("scan.pdf", make_pdf([[""]]), "扫描件")})
    screening = article_screening(draft(chain, chain.town_liaison, body=[block]))
    assert screening.unchecked == (
        "《扫描件》无法自动检查（没有可提取的文字，可能是扫描件），请人工核查其内容。",
    )


def test_document_text_is_extracted_once_per_file_content(chain, monkeypatch):
    attached = document("a.txt", "正常内容".encode())
    article = draft(chain, chain.town_liaison, body=[("attachment", {"document": attached})])
    article_screen(article)
    assert cache.get(DOCUMENT_CACHE_KEY.format(attached.file_hash)) == ("正常内容", "")
    monkeypatch.setattr("cms.screening.services.extract_isolated", pytest.fail)
    assert not article_screen(article).hits


def test_sensitive_marker_is_found_but_does_not_block(chain):
    verdict = article_screen(draft(chain, chain.town_liaison, summary="涉及测试敏感词乙的事项"))
    assert [hit.kind for hit in verdict.hits] == [EntryKind.SENSITIVE]
    assert verdict.needs_minister and not verdict.blocks


def test_a_document_missing_from_storage_is_left_to_a_person(chain):
    lost = document("lost.txt", "内容".encode(), "丢失的附件")
    lost.file.storage.delete(lost.file.name)
    Document.objects.filter(pk=lost.pk).update(file_hash="")
    article = draft(chain, chain.town_liaison, body=[("attachment", {"document": lost})])
    assert article_screening(article).unchecked == (
        "《丢失的附件》无法自动检查（文件无法读取），请人工核查其内容。",
    )


def attach(chain, name: str, data: bytes, title: str):
    block = ("attachment", {"document": document(name, data, title)})
    return draft(chain, chain.town_liaison, body=[block])


def test_a_zip_bomb_stored_under_older_limits_is_left_to_a_person(chain, settings):
    strict = settings.XIUYING
    settings.XIUYING = {**strict, "UPLOAD_ARCHIVE_MAX_RATIO": 1000}  # as before the limits
    article = attach(chain, "bomb.docx", bombs.ratio_bomb(), "压缩炸弹")
    settings.XIUYING = strict

    assert article_screening(article).unchecked == (
        "《压缩炸弹》无法自动检查（文档解压后过大或结构异常："
        "部件“word/document.xml”解压后超过压缩大小的100倍），请人工核查其内容。",
    )


def test_only_bounded_text_is_screened_and_cached(chain, settings):
    settings.XIUYING = {**settings.XIUYING, "SCREENING_MAX_DOCUMENT_CHARS": 100}
    long_text = "正常内容。" * 20 + "依法制国"  # the wrong form starts at character 100
    article = attach(chain, "long.txt", long_text.encode(), "长文")

    screening = article_screening(article)

    assert not screening.verdict.hits
    assert screening.unchecked == (
        "《长文》无法自动检查（文字超过100字，只自动检查了前100字），请人工核查其内容。",
    )
    text, _problem = cache.get(DOCUMENT_CACHE_KEY.format(Document.objects.get().file_hash))
    assert text == long_text[:100]


def test_a_slow_document_is_left_to_a_person_and_read_again_later(chain, settings):
    settings.XIUYING = {
        **settings.XIUYING,
        "SCREENING_EXTRACT_SECONDS": 0.5,
        "SCREENING_EXTRACT_RETRY_SECONDS": 0,  # Django's "do not keep": the next check retries
    }
    article = attach(chain, "long.docx", bombs.many_paragraphs(), "长文")

    assert article_screening(article).unchecked == (
        "《长文》无法自动检查（提取文字超过0.5秒仍未完成，已停止），请人工核查其内容。",
    )
    assert cache.get(DOCUMENT_CACHE_KEY.format(Document.objects.get().file_hash)) is None
