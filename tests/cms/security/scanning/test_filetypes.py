"""Content-based upload type checks (cms.security.filetypes)."""

from __future__ import annotations

import io
import zipfile

import pytest

from cms.security import filetypes as ft
from cms.security.filetypes import UploadRejected, check_upload, detect_kind

from .samples import make_doc, make_image, make_mp4, make_ole, make_ooxml, make_pdf, make_xls

MB = 1024 * 1024
LIMIT = 100 * MB

VALID = {
    "pdf": (make_pdf(), "通知.pdf"),
    "docx": (make_ooxml("docx"), "报告.docx"),
    "xlsx": (make_ooxml("xlsx"), "名单.XLSX"),
    "pptx": (make_ooxml("pptx"), "课件.pptx"),
    "doc": (make_doc(), "旧文档.doc"),
    "xls": (make_xls(), "旧表格.xls"),
    "txt": ("秀英区党建工作简报\r\n第一期\n".encode(), "简报.txt"),
    "csv": ("姓名,支部\n张三,第一支部\n".encode(), "党员.csv"),
    "jpeg": (make_image("JPEG"), "照片.jpg"),
    "png": (make_image("PNG"), "截图.png"),
    "gif": (make_image("GIF"), "动图.gif"),
    "webp": (make_image("WEBP"), "图片.webp"),
    "mp4": (make_mp4(), "视频.mp4"),
}


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_uploads_are_accepted(kind):
    data, name = VALID[kind]
    result = check_upload(data, name, max_size=LIMIT)
    assert result is ft.KINDS[kind]
    assert result.name == kind


@pytest.mark.parametrize("kind", sorted(VALID))
def test_file_objects_are_read_and_put_back(kind):
    data, name = VALID[kind]
    upload = io.BytesIO(b"ignored prefix" + data)
    upload.seek(len(b"ignored prefix"))
    assert check_upload(upload, name, max_size=LIMIT).name == kind
    assert upload.tell() == len(b"ignored prefix")


def test_real_file_on_disk(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf())
    with path.open("rb") as handle:
        assert check_upload(handle, "a.pdf", max_size=LIMIT) is ft.PDF
        assert handle.tell() == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (make_pdf(), ft.PDF),
        (make_image("PNG"), ft.PNG),
        (make_ooxml("docx"), ft.DOCX),
        (make_doc(), ft.DOC),
        (make_xls(), ft.XLS),
        (b"a,b\n1,2\n", ft.TEXT),  # CSV is text; the name decides
        ("纯文本".encode("gbk"), ft.TEXT),
        ("纯文本".encode("utf-8-sig"), ft.TEXT),
        (make_mp4(b"mp42", (b"mp42", b"isom")), ft.MP4),
        (make_mp4(b"M4V ", (b"M4V ", b"isom")), ft.MP4),
    ],
)
def test_detect_kind_by_content(data, expected):
    assert detect_kind(data) is expected


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00" + bytes(200), id="windows-exe"),
        pytest.param(b"\x7fELF\x02\x01\x01" + bytes(100), id="elf"),
        pytest.param("文本\0带空字节".encode(), id="text-with-nul"),
        pytest.param(b"a\x1b[31mred", id="text-with-escape"),
        pytest.param("utf16".encode("utf-16"), id="utf-16-text"),
        pytest.param(bytes(range(256)) * 4, id="random-binary"),
        pytest.param(make_mp4(b"qt  ", (b"qt  ",)), id="quicktime-mov"),
        pytest.param(make_mp4(b"heic", (b"mif1", b"heic")), id="heic"),
        pytest.param(make_image("BMP"), id="bmp"),
        pytest.param(make_image("TIFF"), id="tiff"),
        pytest.param(b"%PDF" + bytes(10), id="truncated-pdf-header"),
        pytest.param(make_ole({"PowerPoint Document": b"x"}), id="ppt"),
        pytest.param(make_ole({"Contents": b"x"}), id="other-ole2"),
    ],
)
def test_unknown_content_is_unsupported(data):
    assert detect_kind(data) is None
    with pytest.raises(UploadRejected) as info:
        check_upload(data, "file.pdf", max_size=LIMIT)
    assert info.value.code == UploadRejected.UNSUPPORTED
    assert info.value.user_message.startswith("无法识别该文件的类型")
    assert "PDF、DOCX、XLSX、PPTX、DOC、XLS、TXT、CSV、JPG、JPEG、PNG、GIF、WEBP、MP4" in (
        info.value.user_message
    )


def test_plain_zip_is_unsupported():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UploadRejected) as info:
        check_upload(buffer.getvalue(), "a.docx", max_size=LIMIT)
    assert info.value.code == UploadRejected.UNSUPPORTED


@pytest.mark.parametrize(
    ("data", "name", "label"),
    [
        (make_image("PNG"), "图片.jpg", "PNG 图片"),
        (make_pdf(), "通知.docx", "PDF 文档"),
        (make_ooxml("xlsx"), "表格.docx", "Excel 工作簿"),
        (make_doc(), "文档.xls", "Word 97-2003 文档"),
        (make_pdf(), "恶意.pdf.exe", "PDF 文档"),
        (b"<html><script>alert(1)</script></html>", "页面.html", "纯文本文件"),
        (b"hello", "hello.pdf", "纯文本文件"),
    ],
)
def test_extension_must_match_content(data, name, label):
    with pytest.raises(UploadRejected) as info:
        check_upload(data, name, max_size=LIMIT)
    assert info.value.code == UploadRejected.EXTENSION_MISMATCH
    extension = ft.file_extension(name)
    assert info.value.user_message == (
        f"文件扩展名“.{extension}”与文件的实际内容（{label}）不符，请确认文件后重新上传。"
    )


def test_kind_must_be_allowed_for_the_field():
    with pytest.raises(UploadRejected) as info:
        check_upload(make_pdf(), "a.pdf", max_size=LIMIT, allowed=ft.IMAGE_KINDS)
    assert info.value.code == UploadRejected.NOT_ALLOWED
    assert (
        info.value.user_message == "此处不允许上传PDF 文档。允许的类型：JPG、JPEG、PNG、GIF、WEBP。"
    )
    assert check_upload(make_image("GIF"), "a.gif", max_size=LIMIT, allowed=[ft.GIF]) is ft.GIF
    with pytest.raises(ValueError):
        check_upload(make_pdf(), "a.pdf", max_size=LIMIT, allowed=["exe"])


def test_size_limit():
    data = make_pdf()
    assert check_upload(data, "a.pdf", max_size=len(data)) is ft.PDF
    with pytest.raises(UploadRejected) as info:
        check_upload(data + b"\n", "a.pdf", max_size=len(data))
    assert info.value.code == UploadRejected.TOO_LARGE

    big = io.BytesIO(b"%PDF-1.7\n" + bytes(int(1.5 * MB)))
    with pytest.raises(UploadRejected) as info:
        check_upload(big, "big.pdf", max_size=MB)
    assert info.value.user_message == "文件大小（1.5 MB）超过上限（1 MB），请压缩或拆分后重新上传。"
    assert big.tell() == 0
    with pytest.raises(ValueError):
        check_upload(data, "a.pdf", max_size=0)


def test_empty_file():
    with pytest.raises(UploadRejected) as info:
        check_upload(b"", "a.txt", max_size=LIMIT)
    assert info.value.code == UploadRejected.EMPTY
    assert info.value.user_message == ft.MSG_EMPTY


@pytest.mark.parametrize("name", ["README", "通知.", ".pdf", "a.pdf. ", "dir.pdf/", ""])
def test_missing_extension(name):
    with pytest.raises(UploadRejected) as info:
        check_upload(make_pdf(), name, max_size=LIMIT)
    assert info.value.code == UploadRejected.NO_EXTENSION


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("a.PDF", "pdf"),
        ("C:\\Users\\张三\\报告.Docx", "docx"),
        ("../../etc/passwd.txt", "txt"),
        ("archive.tar.gz", "gz"),
        ("  spaced.jpg  ", "jpg"),
        ("a.pdf.", ""),
        ("..pdf", ""),
        ("noext", ""),
    ],
)
def test_file_extension(name, extension):
    assert ft.file_extension(name) == extension


def test_macro_enabled_documents_are_refused():
    docm = make_ooxml(
        "docx", main_content_type="application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    xlsm_renamed = make_ooxml("xlsx", extra_parts={"xl/vbaProject.bin": b"\0" * 64})
    doc_with_macros = make_ole({"WordDocument": b"\xec\xa5" + bytes(10)}, ("Macros",))
    for data, name in ((docm, "a.docx"), (xlsm_renamed, "a.xlsx"), (doc_with_macros, "a.doc")):
        with pytest.raises(UploadRejected) as info:
            check_upload(data, name, max_size=LIMIT)
        assert info.value.code == UploadRejected.MACROS
        assert info.value.user_message == ft.MSG_MACROS


def test_encrypted_office_documents_are_refused():
    encrypted_ooxml = make_ole({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x"})
    for data, name in (
        (encrypted_ooxml, "a.docx"),
        (make_doc(encrypted=True), "a.doc"),
        (make_xls(encrypted=True), "a.xls"),
    ):
        with pytest.raises(UploadRejected) as info:
            check_upload(data, name, max_size=LIMIT)
        assert info.value.code == UploadRejected.ENCRYPTED
        assert "加密" in info.value.user_message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04" + bytes(100), id="zip-header-only"),
        pytest.param(make_ooxml("docx")[:-30], id="truncated-docx"),
        pytest.param(make_ooxml("docx", include_main_part=False), id="docx-without-main-part"),
        pytest.param(make_doc()[:700], id="truncated-doc"),
        pytest.param(make_ole({"WordDocument": b"not a FIB"}), id="doc-with-bad-fib"),
    ],
)
def test_damaged_containers_are_refused(data):
    with pytest.raises(UploadRejected) as info:
        check_upload(data, "a.docx", max_size=LIMIT)
    assert info.value.code == UploadRejected.DAMAGED
    assert info.value.user_message == ft.MSG_DAMAGED


def test_bad_content_types_xml_is_damaged():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entity_bomb = '<!DOCTYPE t [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><Types>&b;</Types>'
        archive.writestr("[Content_Types].xml", entity_bomb)
    with pytest.raises(UploadRejected) as info:
        check_upload(buffer.getvalue(), "a.docx", max_size=LIMIT)
    assert info.value.code == UploadRejected.DAMAGED


def test_large_text_is_checked_completely():
    good = ("第一行文字，" * 50_000 + "\n").encode() * 8  # ~ 6 MB, several read chunks
    assert detect_kind(good) is ft.TEXT
    assert detect_kind(good + b"\0") is None
    # A multi-byte character split across the 1 MiB read boundary is fine.
    prefix = b"a" * (1024 * 1024 - 1)
    assert detect_kind(prefix + "中".encode()) is ft.TEXT


def test_inputs_must_be_binary():
    with pytest.raises(TypeError):
        detect_kind("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        detect_kind(io.StringIO("text"))  # type: ignore[arg-type]


def test_format_size():
    assert ft.format_size(100 * MB) == "100 MB"
    assert ft.format_size(1536 * 1024) == "1.5 MB"
    assert ft.format_size(2048) == "2 KB"
    assert ft.format_size(10) == "10 字节"
