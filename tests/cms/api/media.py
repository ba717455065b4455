"""Pictures and documents for API tests, made in memory."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# The smallest MP4 header the upload check recognises (an ftyp box).
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"


def image_create(title="图片", size=(1200, 800)):
    output = io.BytesIO()
    PillowImage.new("RGB", size, (200, 30, 30)).save(output, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(output.getvalue()), name="picture.png")
    )


def document_create(title="附件", data=b"text attachment\n", name="attachment.txt"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(data, name=name), file_size=len(data)
    )


def video_create(title="视频"):
    return document_create(title=title, data=MP4_BYTES, name="video.mp4")


def image_file_replace(image, title="换过的图片"):
    """What Wagtail's image form does with a new file: save the image, then delete its
    renditions (wagtail/images/forms.py)."""
    image.file = image_create(title).file
    image._set_image_file_metadata()
    image.save()
    image.renditions.all().delete()
