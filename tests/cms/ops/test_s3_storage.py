"""Media on S3-compatible storage are checked like media on disk (R-15): ScanningS3Storage puts
the project's upload check in front of django-storages' S3 backend. The endpoint here is a
closed local port, so anything that reached the network would fail with a connection error
instead of the check's refusal."""

import botocore.exceptions
import pytest
from botocore.config import Config
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage

from cms.security.models import SecurityEvent
from cms.security.storage import ScanningS3Storage, ScanningStorageMixin
from tests.cms.security.scanning.samples import eicar, make_pdf

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03" + b"\x00" * 200


@pytest.fixture
def bucket(closed_port):
    return ScanningS3Storage(
        bucket_name="xiuying-media",
        endpoint_url=f"http://127.0.0.1:{closed_port}",
        access_key="test",
        secret_key="test",  # noqa: S106
        region_name="us-east-1",
        # Overwrite on, so that save() goes straight to _save without asking the bucket first.
        file_overwrite=True,
        client_config=Config(retries={"total_max_attempts": 1}, connect_timeout=1),
    )


def test_the_s3_storage_is_the_s3_backend_behind_the_scanning_check():
    mro = ScanningS3Storage.__mro__
    assert mro.index(ScanningStorageMixin) < mro.index(S3Storage)
    assert ScanningS3Storage._save.__qualname__ == "ScanningStorageMixin._save"


def test_a_file_of_the_wrong_kind_is_refused_before_anything_is_sent(bucket):
    with pytest.raises(ValidationError):
        bucket.save("documents/notice.pdf", ContentFile(EXECUTABLE))

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.UPLOAD_REJECTED)
    assert event.detail["source"] == "storage"


def test_an_eicar_upload_is_refused_before_anything_is_sent(scanning, bucket):
    with pytest.raises(ValidationError, match="Eicar-Test-Signature"):
        bucket.save("documents/eicar.pdf", ContentFile(make_pdf(eicar())))

    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.VIRUS_FOUND).exists()


def test_a_file_that_passes_the_check_is_sent_to_the_bucket(bucket):
    with pytest.raises(botocore.exceptions.EndpointConnectionError):
        bucket.save("documents/notice.pdf", ContentFile(make_pdf()))

    assert not SecurityEvent.objects.exists()
