"""Absolute URLs, image renditions and documents as the mini-program needs them.

Absolute URLs start from ``settings.PUBLIC_BASE_URL``, never from the request's Host header: the
mini-program may call only whitelisted https domains, and a forged Host must not end up in a
cached response. Only in development, where ``PUBLIC_BASE_URL`` was not set, do they follow the
host and port the developer's server answers on (``RequestBaseUrlMiddleware``, added by
``config/settings/dev.py``); the response cache keys on that base too.
"""

import logging
from contextvars import ContextVar

from django.conf import settings
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError

from cms.api.richtext import absolute_url
from cms.core.conf import get_setting

logger = logging.getLogger(__name__)


_request_base_url: ContextVar[str] = ContextVar("xiuying_request_base_url", default="")


def public_base_url() -> str:
    return (_request_base_url.get() or settings.PUBLIC_BASE_URL).rstrip("/")


class RequestBaseUrlMiddleware:
    """Development only: absolute URLs start from the scheme, host and port of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base_url.set(request.build_absolute_uri("/"))
        try:
            return self.get_response(request)
        finally:
            _request_base_url.reset(token)


def public_url(url: str) -> str:
    return absolute_url(url, base_url=public_base_url()) or ""


def images_with_renditions(image_ids, *filter_specs) -> dict:
    """Images by id with their renditions for ``filter_specs`` at hand (Wagtail's
    ``prefetched_renditions``): one query, the renditions with their images, and a second only
    for images that have none of them yet (made on first use)."""
    ids = {pk for pk in image_ids if pk}
    if not ids:
        return {}
    images = _images_by_renditions(ids, filter_specs)
    missing = ids - images.keys()
    if missing:
        for image in get_image_model().objects.filter(pk__in=missing):
            image.prefetched_renditions = []
            images[image.pk] = image
    return images


def _images_by_renditions(ids: set[int], filter_specs) -> dict:
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=ids, filter_spec__in=filter_specs)
    )
    images = {}
    for rendition in renditions.select_related("image"):
        image = images.setdefault(rendition.image_id, rendition.image)
        if not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = []
        image.prefetched_renditions.append(rendition)
    return images


def rendition_payload(image, filter_spec: str) -> dict | None:
    """``{"url", "width", "height"}`` of ``image``'s rendition, made on first use."""
    if image is None:
        return None
    image_filter = Filter(spec=filter_spec)
    try:
        rendition = image.find_existing_rendition(image_filter)
    except image.get_rendition_model().DoesNotExist:
        try:
            rendition = image.get_rendition(image_filter)
        except SourceImageIOError:
            # A lost original must not take the item down with it: it is served without.
            logger.warning("Image %s has no readable source file", image.pk)
            return None
    return {"url": public_url(rendition.url), "width": rendition.width, "height": rendition.height}


def body_image(image) -> dict | None:
    return rendition_payload(image, get_setting("API_IMAGE_FILTER"))


def thumbnail(image) -> dict | None:
    return rendition_payload(image, get_setting("API_THUMBNAIL_FILTER"))


def document_payload(document, title: str = "") -> dict:
    return {
        "title": title or document.title,
        "size": document.file_size or 0,
        "type": document.file_extension.lower(),
        "content_type": document.content_type,
        "url": public_url(document.url),
    }
