"""The API's output schemas: the contract the mini-program and the OpenAPI document rely on."""

import re
from datetime import datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, field_validator

from columns.models import ItemKind


class ErrorOut(Schema):
    code: str = Field(description="稳定的错误代码，如 article_not_found、rate_limited")
    message: str = Field(description="中文错误说明")
    fields: list[str] = Field(default_factory=list, description="出错的参数")


class ImageOut(Schema):
    url: str = Field(description="图片的绝对地址")
    width: int
    height: int


class ColumnRef(Schema):
    id: int
    title: str


class UnitRef(Schema):
    id: int
    name: str


class ColumnNode(Schema):
    id: int
    title: str
    slug: str
    kind: str
    children: list["ColumnNode"] = Field(default_factory=list)


class SiteOut(Schema):
    name: str
    base_url: str
    columns: list[ColumnNode]
    updated_at: datetime | None = Field(description="最近一次发布或下线的时间")


class ColumnOut(Schema):
    id: int
    title: str
    slug: str
    kind: str
    description: str
    parent_id: int | None
    children: list[ColumnNode]
    updated_at: datetime | None


class ArticleItem(Schema):
    id: int
    title: str
    summary: str
    kind: str
    cover: ImageOut | None
    column: ColumnRef | None
    source_unit: UnitRef | None
    published_at: datetime | None = Field(description="首次发布时间")
    updated_at: datetime | None = Field(description="最近发布时间")


class ArticleListOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ArticleItem]


class TextNode(Schema):
    type: Literal["text"]
    text: str


class ElementNode(Schema):
    type: Literal["node"]
    name: str
    attrs: dict[str, str]
    children: list["RichTextNode"] = Field(default_factory=list)


RichTextNode = Annotated[TextNode | ElementNode, Field(discriminator="type")]
ElementNode.model_rebuild()


class BodyImageOut(ImageOut):
    alt: str
    caption: str


class VideoOut(Schema):
    url: str
    poster: ImageOut | None
    caption: str
    position: int = Field(description="视频位于 body_nodes 第几个顶层节点之前")


class AttachmentOut(Schema):
    title: str
    size: int = Field(description="字节数")
    type: str = Field(description="扩展名，如 pdf")
    content_type: str
    url: str


class LinkOut(Schema):
    text: str
    url: str


class ArticleOut(ArticleItem):
    body_html: str = Field(description="只含 <rich-text> 支持的标签和属性")
    body_nodes: list[RichTextNode] = Field(description="同一内容的 <rich-text> nodes 数组")
    images: list[BodyImageOut]
    videos: list[VideoOut]
    attachments: list[AttachmentOut]
    links: list[LinkOut] = Field(description="正文中的链接（<rich-text> 不支持 href）")


class ScreeningOut(Schema):
    """The screening verdict on the previewed draft: the same as the editor's panel and the
    chain's steps give (R-12)."""

    blocks: bool
    needs_minister: bool
    summary: str
    messages: list[str]
    pending: list[str]  # pictures and scans whose text is still being read (识别中)
    unchecked: list[str]  # files a person must read (须人工核查)


class PreviewOut(ArticleOut):
    revision_id: int
    expires_at: datetime
    screening: ScreeningOut


MAX_ID = 2**31 - 1  # Wagtail's page ids are 32-bit integers
# An ISO 8601 date-time in the years 2000 to 2099, as the document says: pydantic would also take
# a Unix timestamp ("1700000000") and far years overflow when the database adapter shifts them
# to UTC.
SINCE_PATTERN = r"^20[0-9]{2}-"


class PageParams(Schema):
    page: int = Field(1, ge=1, le=10_000, description="页码，从 1 开始")
    page_size: int | None = Field(None, ge=1, le=50, description="每页条数，默认 20，最多 50")


class ArticleParams(PageParams):
    column: int | None = Field(None, ge=1, le=MAX_ID, description="栏目编号（含子栏目）")
    kind: ItemKind | None = Field(None, description="信息类别")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="来源单位编号")
    since: datetime | None = Field(
        None,
        description="只列出此时间以后发布或更新的信息（ISO 8601，2000–2099 年，无时区按北京时间）",
        json_schema_extra={"pattern": SINCE_PATTERN},
    )

    @field_validator("since", mode="before")
    @classmethod
    def since_as_documented(cls, value):
        if value is not None and not re.match(SINCE_PATTERN, str(value)):
            raise ValueError("since must be an ISO 8601 date-time in 2000-2099")
        return value

    @field_validator("since")
    @classmethod
    def since_in_office_time(cls, value: datetime | None) -> datetime | None:
        if value is not None and timezone.is_naive(value):
            return timezone.make_aware(value)
        return value


class SearchParams(PageParams):
    q: str = Field(..., min_length=1, max_length=100, description="关键词，如“全会”")


class ColumnPath(Schema):
    column_id: int = Field(..., ge=1, le=MAX_ID)


class ArticlePath(Schema):
    article_id: int = Field(..., ge=1, le=MAX_ID)


class TokenPath(Schema):
    token: str = Field(..., max_length=512)
