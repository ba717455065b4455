"""暗链 blocks submission like a forbidden term and becomes a finding on live content."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.rich_text import RichText

from cms.compliance.checkup import compliance_checkup
from cms.compliance.hidden_content import article_hidden_hits, docx_hidden
from cms.screening.models import ScreeningFinding
from cms.screening.services import check_submittable
from cms.screening.tasks import rescreen_live
from columns.models import ArticleMaterial, ArticlePage
from tests.cms.compliance.conftest import days
from tests.workflows.chain import draft, released, submit

pytestmark = pytest.mark.django_db

HIDDEN = (
    '<p>正文</p><p><span style="display:none"><a href="http://bet.example/">博彩</a></span></p>'
)


WHITE = docx.shared.RGBColor(255, 255, 255)
HTML_FILE = (
    f'<!DOCTYPE html><html><head><meta charset="gb18030"></head><body>{HIDDEN}</body></html>'
)


def paragraph(html):
    return [("paragraph", RichText(html))]


def test_a_hidden_link_blocks_submission(chain):
    article = draft(chain, chain.town_liaison, body=paragraph(HIDDEN))
    with pytest.raises(ValidationError) as refused:
        submit(article, chain.town_liaison)
    message = refused.value.messages[0]
    assert message.startswith("信息筛查未通过，不能提交审核")
    assert "【暗链】“正文第1块”中以“设为不显示”方式隐藏的链接“http://bet.example/”" in message
    assert not ArticlePage.objects.get(pk=article.pk).workflow_in_progress


def test_ordinary_styled_text_is_submitted(chain):
    html = '<p><b>加粗</b>和<i>斜体</i>，<a href="http://www.12371.cn/">共产党员网</a></p>'
    article = submit(draft(chain, chain.town_liaison, body=paragraph(html)), chain.town_liaison)
    assert article.workflow_in_progress


def document(name, data, title="附件"):
    return Document.objects.create(title=title, file=ContentFile(data, name=name))


def word_file(hidden_run) -> bytes:
    word = docx.Document()
    paragraph_ = word.add_paragraph("可见的正文。")
    run = paragraph_.add_run("代写论文 http://spam.example/")
    hidden_run(run)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("technique", "hide"),
    [
        ("hidden_attr", lambda run: setattr(run.font, "hidden", True)),
        ("font_size", lambda run: setattr(run.font, "size", docx.shared.Pt(1))),
        (
            "same_colour",
            lambda run: setattr(run.font.color, "rgb", docx.shared.RGBColor(255, 255, 255)),
        ),
    ],
)
def test_hidden_runs_of_a_word_file(technique, hide):
    found = docx_hidden(word_file(hide))
    assert [(f.technique, f.text) for f in found] == [(technique, "代写论文 http://spam.example/")]


def test_an_ordinary_word_file_has_nothing_hidden():
    bold = word_file(lambda run: setattr(run.font, "bold", True))
    assert docx_hidden(bold) == []


def test_attachments_and_original_materials_are_screened(chain):
    attached = document("a.docx", word_file(lambda r: setattr(r.font, "size", 12700)), "附件")
    word = document("note.docx", word_file(lambda r: setattr(r.font, "hidden", True)), "说明")
    article = ArticlePage(
        title="带附件的信息", body=[("attachment", {"document": attached, "title": ""})]
    )
    article.original_materials.add(ArticleMaterial(document=word, note=""))
    hits = article_hidden_hits(article)
    assert [hit.field for hit in hits] == ["附件《附件》", "原始资料《说明》"]
    with pytest.raises(ValidationError):
        check_submittable(article)


def test_hidden_link_planted_in_live_content_is_a_finding(chain, liaisons_of_chain, now):
    article = released(chain)
    ArticlePage.objects.filter(pk=article.pk).update(
        body=[{"type": "paragraph", "value": HIDDEN}], liaison=liaisons_of_chain["town"]
    )
    report = rescreen_live()
    assert report.new_findings == 1
    found = ScreeningFinding.objects.get()
    assert (found.term, found.matched) == ("暗链", "http://bet.example/")
    results = {r.code: r for r in compliance_checkup(now=now + days(1)).results}
    hidden = results["hidden_links"]
    assert hidden.state == "tripped" and not hidden.veto
    assert hidden.evidence[0].responsible == "长流镇（信息联络员：符海燕，拟稿人：town_liaison）"
    assert results["harmful"].state == "ok"
