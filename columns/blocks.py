from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图注"), required=False, max_length=200)
    alt_text = blocks.CharBlock(
        label=_("替代文字"), required=False, max_length=200, help_text=_("供读屏软件朗读。")
    )

    class Meta:
        icon = "image"
        label = _("图片")


class VideoBlock(blocks.StructBlock):
    """A video file from the document library: nothing is embedded from outside sites."""

    video = DocumentChooserBlock(label=_("视频文件"))
    poster = ImageChooserBlock(label=_("封面图"), required=False)
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = _("视频")


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("附件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("附件")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("正文"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"],
    )
    image = CaptionedImageBlock()
    video = VideoBlock()
    attachment = AttachmentBlock()
