"""Errors raised by backend.lib.imaging, each with a stable code for the web layer."""
from backend.lib.errors import N_, LibraryError


class ImageError(LibraryError):
    """Base: an image was refused; `code` is stable, `message` is for people."""

    code = "image_error"
    message_zh = N_("图片无法处理")


class NotAnImage(ImageError):
    """The file is not a PNG or JPEG image."""

    code = "not_an_image"
    message_zh = N_("文件不是 PNG 或 JPEG 图片")


class ImageTooLarge(ImageError):
    """The file is larger than allowed (bytes)."""

    code = "image_too_large"
    message_zh = N_("图片文件过大")


class ImageTooBig(ImageError):
    """The image has more pixels per side than allowed."""

    code = "image_too_big"
    message_zh = N_("图片尺寸过大")


class ImageTruncated(ImageError):
    """The image data is truncated or corrupt."""

    code = "image_truncated"
    message_zh = N_("图片文件不完整或已损坏")


class ImageBlank(ImageError):
    """The image contains no ink."""

    code = "image_blank"
    message_zh = N_("图片是空白的")


class SealTextInvalid(ImageError):
    """The seal text is empty, too long or has characters the font cannot draw."""

    code = "seal_text_invalid"
    message_zh = N_("印章文字无效")


class TypedNameInvalid(ImageError):
    """The typed name is empty, too long or has characters the handwriting font cannot draw."""

    code = "typed_name_invalid"
    message_zh = N_("姓名无法绘制为签名")

    def __init__(self, message: str = "", *, missing: str = "", **kwargs):
        super().__init__(message, **kwargs)
        self.missing = missing  # the characters the font has no glyph for, if that was the reason


class FontMissing(ImageError):
    """No TrueType CJK font is available on this machine."""

    code = "cjk_font_missing"
    message_zh = N_("服务器缺少中文字体")
