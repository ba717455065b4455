"""Text inside pictures and scanned PDFs (issue 16, R-12): read by Tesseract in the worker at
upload, once per file content; a forbidden term drawn in a picture blocks submission and the
message names the picture; while a picture is being read the item waits (识别中).

Needs Debian's tesseract-ocr, tesseract-ocr-chi-sim and fonts-noto-cjk (installed by .ci/run):
skipped with the reason where they are absent, failed under XIUYING_REQUIRE_EXTERNAL=1."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.screening.models import OcrText
from cms.screening.ocr import ocr_image, tesseract_path
from cms.screening.ocr_queue import IMAGE, ocr_file_task
from cms.screening.services import OCR_PENDING, article_screening
from tests.cms.screening.conftest import paragraph
from tests.cms.screening.ocr_images import (
    FONT_FILES,
    character_accuracy,
    draw,
    fonts_available,
    pictures,
)
from tests.cms.screening.test_screening_admin import check, editor_data
from tests.conftest import require_external
from tests.workflows.chain import draft, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tesseract(settings):
    if tesseract_path() is None:
        require_external("tesseract", "install tesseract-ocr and tesseract-ocr-chi-sim")
    if not fonts_available():
        require_external("fonts-noto-cjk", "the CJK fonts the test pictures are drawn in")
    settings.XIUYING = {**settings.XIUYING, "SCREENING_OCR": True}


def picture(lines, title="横幅照片", rotation=0, banner=True) -> Image:
    png = draw(lines, FONT_FILES[0], 48, rotation, banner)
    return Image.objects.create(title=title, file=ContentFile(png, name="banner.png"))


def uploaded(capture, *lines, **options) -> Image:
    """A picture uploaded and read: the worker's job runs when the upload commits."""
    with capture(execute=True):
        return picture(lines, **options)


def test_character_accuracy_on_the_generated_pictures_is_at_least_95_percent():
    scores = [character_accuracy(p.text, ocr_image(p.png).text) for p in pictures()]
    assert len(scores) == 20
    assert sum(scores) / len(scores) >= 0.95


def test_a_forbidden_term_in_a_picture_blocks_submission_naming_the_picture(
    chain, lexicon, django_capture_on_commit_callbacks
):
    image = uploaded(django_capture_on_commit_callbacks, "热烈欢迎", "测试禁用词甲", rotation=2)
    assert OcrText.objects.get().status == OcrText.Status.DONE
    body = [
        paragraph("<p>活动现场。</p>"),
        ("image", {"image": image, "caption": "", "alt_text": "横幅"}),
    ]
    article = draft(chain, chain.town_liaison, body=body)
    with pytest.raises(ValidationError) as refused:
        submit(article, chain.town_liaison)
    assert "【禁用词】“正文第2块图片《横幅照片》中的文字”" in refused.value.messages[0]
    assert "测试禁用词甲" in refused.value.messages[0]


def test_a_cover_picture_is_read_too(chain, lexicon, django_capture_on_commit_callbacks):
    image = uploaded(django_capture_on_commit_callbacks, "市攻府召开会议", banner=False)
    article = draft(chain, chain.town_liaison, cover_image=image)
    (hit,) = article_screening(article).verdict.hits
    assert (hit.field, hit.suggestion) == ("封面图图片《横幅照片》中的文字", "政府")


def test_a_picture_not_read_yet_holds_submission(chain, lexicon):
    image = picture(("不忘初心",))  # the worker's job is queued, not run: no commit in a test
    assert OcrText.objects.get().status == OcrText.Status.PENDING
    article = draft(chain, chain.town_liaison, cover_image=image)
    screening = article_screening(article)
    assert screening.pending == ("封面图图片《横幅照片》：识别中",)
    with pytest.raises(ValidationError) as refused:
        submit(article, chain.town_liaison)
    assert refused.value.messages[0] == OCR_PENDING.format(files="封面图图片《横幅照片》：识别中")


def test_text_is_read_once_per_file_content(chain, lexicon, django_capture_on_commit_callbacks):
    uploaded(django_capture_on_commit_callbacks, "扫黑险恶", banner=False)
    same = draw(("扫黑险恶",), FONT_FILES[0], 48, 0, False)  # the same bytes again
    with django_capture_on_commit_callbacks(execute=True) as queued:
        second = Image.objects.create(title="同一图片", file=ContentFile(same, "b.png"))
    assert queued == [] and OcrText.objects.count() == 1
    article = draft(chain, chain.town_liaison, cover_image=second)
    assert [h.suggestion for h in article_screening(article).verdict.hits] == ["扫黑除恶"]


def test_a_picture_beyond_the_limits_goes_to_a_person(
    chain, lexicon, settings, django_capture_on_commit_callbacks
):
    settings.XIUYING = {**settings.XIUYING, "SCREENING_OCR_MAX_PIXELS": 1000}
    large = uploaded(django_capture_on_commit_callbacks, "大图", title="大图")
    article = draft(chain, chain.town_liaison, cover_image=large)
    (note,) = article_screening(article).unchecked
    assert note.startswith("封面图图片《大图》中的文字无法自动识别（图片像素过多")
    assert note.endswith("超过识别上限1000），请人工核查。")


def test_a_scanned_pdf_is_read_through_its_page_pictures(
    chain, lexicon, django_capture_on_commit_callbacks
):
    scan = PILImage.open(io.BytesIO(draw(("通知", "测试禁用词乙"), FONT_FILES[1], 40, 0, False)))
    pdf = io.BytesIO()
    scan.convert("RGB").save(pdf, "PDF", resolution=150)
    with django_capture_on_commit_callbacks(execute=True):
        document = Document.objects.create(
            title="扫描件", file=ContentFile(pdf.getvalue(), "s.pdf")
        )
    body = [("attachment", {"document": document, "title": "通知"})]
    screening = article_screening(draft(chain, chain.town_liaison, body=body))
    assert screening.unchecked == ()
    (hit,) = screening.verdict.hits
    assert (hit.field, hit.term) == ("附件《扫描件》扫描页中的文字", "测试禁用词乙")


def test_the_panel_shows_reading_then_the_result(chain, lexicon, client):
    image = picture(("测试禁用词甲",), title="标语")  # queued at upload, not read yet
    article = draft(chain, chain.town_liaison)
    client.force_login(chain.town_liaison)
    target = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = {**editor_data(), "cover_image": str(image.pk)}
    before = check(client, target, data).json()
    assert (before["reading"], before["blocks"]) == (True, False)
    assert "封面图图片《标语》：识别中" in before["html"]
    ocr_file_task.enqueue(IMAGE, image.pk)  # what the worker does
    after = check(client, target, data).json()
    assert (after["reading"], after["blocks"]) == (False, True)
    assert "识别中" not in after["html"]
    assert "“封面图图片《标语》中的文字”" in after["html"]
