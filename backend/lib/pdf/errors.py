"""Errors raised by backend.lib.pdf: one flat family, each with a stable `code`."""
from contextlib import contextmanager

from backend.lib.errors import N_, LibraryError


class PdfError(LibraryError):
    """Base: the PDF (or a request about it) was refused; `code` is stable."""

    code = "pdf_error"
    message_zh = N_("PDF 文件无法处理")


class EmptyFile(PdfError):
    """The file is empty."""

    code = "empty_file"
    message_zh = N_("文件是空的")


class NotAPdf(PdfError):
    """The file is not a PDF."""

    code = "not_a_pdf"
    message_zh = N_("文件不是 PDF")


class PdfTooLarge(PdfError):
    """The file is larger than allowed."""

    code = "pdf_too_large"
    message_zh = N_("PDF 文件过大")


class EncryptedPdf(PdfError):
    """The PDF is encrypted or password protected."""

    code = "encrypted_pdf"
    message_zh = N_("PDF 已加密或有密码保护，请上传未加密的文件")


class BrokenPdf(PdfError):
    """The PDF is damaged, truncated or cannot be parsed."""

    code = "broken_pdf"
    message_zh = N_("PDF 文件已损坏或不完整")


class EmptyPdf(PdfError):
    """The PDF has no pages."""

    code = "empty_pdf"
    message_zh = N_("PDF 没有页面")


class TooManyPages(PdfError):
    """The PDF has more pages than allowed."""

    code = "too_many_pages"
    message_zh = N_("PDF 页数过多")


class XfaOnly(PdfError):
    """The PDF is a dynamic XFA form with no ordinary pages to sign."""

    code = "xfa_only"
    message_zh = N_("不支持 XFA 动态表单 PDF")


class PageOutOfRange(PdfError):
    """The page number is not in the document."""

    code = "page_out_of_range"
    message_zh = N_("页码超出范围")


class InvalidControl(PdfError):
    """A control's page, rectangle, kind or name is invalid."""

    code = "invalid_control"
    message_zh = N_("签署控件无效")


class UnknownField(PdfError):
    """The document has no field with that name."""

    code = "unknown_field"
    message_zh = N_("文档中没有该签署控件")


class InvalidFieldValue(PdfError):
    """A value does not fit its field (missing image, wrong kind, bad text)."""

    code = "invalid_field_value"
    message_zh = N_("签署内容无效")


class SigningFailed(PdfError):
    """The signature could not be applied."""

    code = "signing_failed"
    message_zh = N_("签名失败")


class CaUnavailable(PdfError):
    """The platform CA could not be loaded or created."""

    code = "ca_unavailable"
    message_zh = N_("平台证书不可用")


class TooManySignatures(PdfError):
    """The PDF carries more signatures (or revisions) than one verification examines."""

    code = "too_many_signatures"
    message_zh = N_("PDF 中的签名过多")


class ActiveContent(PdfError):
    """The PDF holds active content (JavaScript, launch actions, embedded files, XFA) or trailing data.

    `reason` names which: javascript, launch, embedded_file, xfa, trailing_data.
    """

    code = "pdf_active_content"
    message_zh = N_("PDF 含有活动内容")

    def __init__(self, message: str = "", *, reason: str = "active_content", message_zh: str | None = None):
        super().__init__(message, message_zh=message_zh)
        self.reason = reason


@contextmanager
def parsing(what: str = "read"):
    """Turn whatever a parser raises on malformed input into BrokenPdf; our own errors and MemoryError pass."""
    try:
        yield
    except (PdfError, MemoryError):  # a memory budget is not a broken file
        raise
    except RecursionError as exc:
        raise BrokenPdf("The PDF's structure is nested too deeply") from exc
    except Exception as exc:  # pyHanko raises many types on malformed input
        raise BrokenPdf(f"The PDF cannot be {what}: {exc}") from exc
