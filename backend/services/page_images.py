"""Page images of the meeting's documents: which stored revision a page shows, its version and ETag.

Everything but `PageImage.data` is computed from the database row, so a client that already holds an
image is answered (304) without the PDF being fetched or rendered.
"""
import hashlib
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import NotFound, ValidationFailed
from backend.core.resources import files
from backend.lib.pdf.render import cache_path, render_page
from backend.models import Document

# The URL's extension → the renderer's format and the media type served.
FORMATS = {"png": ("png", "image/png"), "jpg": ("jpeg", "image/jpeg")}
# Part of every ETag: change it when pages render differently (pdfium, JPEG quality) so that
# revalidating clients fetch the new rendering.
RENDERING = "pdfium-q82"
MIN_WIDTH, MAX_WIDTH = 100, 2400
VERSION_LENGTH = 16


@dataclass(frozen=True)
class PageImage:
    """Page `page` of the stored PDF under `key` (content hash `sha256`), `width` px wide, as `ext`."""

    key: str
    sha256: str
    page: int
    width: int
    ext: str

    @property
    def version(self) -> str:
        """The short revision hash that URLs carry as `?v=`."""
        return self.sha256[:VERSION_LENGTH]

    @property
    def etag(self) -> str:
        """A validator of (rendering, revision, page, width, format), the same on every node."""
        ident = f"{RENDERING}/{self.sha256}/{self.page}/{self.width}/{self.ext}"
        return hashlib.sha256(ident.encode()).hexdigest()[:32]

    @property
    def mimetype(self) -> str:
        """The media type of the image."""
        return FORMATS[self.ext][1]

    def data(self) -> bytes:
        """The image: from this machine's page cache, else rendered from the store (and cached)."""
        return stored_page(self.key, self.sha256, self.page, self.width, FORMATS[self.ext][0])


def stored_page(key: str, sha256: str, page: int, width: int, fmt: str) -> bytes:
    """A page of the stored PDF under key as an image, from this machine's page cache when it is there."""
    # Only a cache, so it may stay on local disk: each machine renders a page once from the store,
    # and losing the folder costs renders, never data. A hit does not fetch the PDF from the store.
    cache = current_app.config["DATA_DIR"] + "/cache/pages"
    try:
        with open(cache_path(cache, sha256, page, width, fmt), "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        pass
    return render_page(files().get(key), page, width=width, fmt=fmt, cache_dir=cache, sha256=sha256)


def shown_revision(doc: Document, page: int) -> tuple[str, str]:
    """(store key, sha256) of the revision page n is shown from: the newest, where marks can appear."""
    # Signing only fills the fields of controls (prepare adds nothing elsewhere, and nothing is ever
    # drawn into page content), so a page without controls looks the same in every revision: showing
    # it from the original keeps its image, URL and caches valid through every signature.
    # A rehearsal's pages all carry its watermark, which the original has not.
    if doc.current_key and (doc.meeting.rehearsal or any(c.page == page for c in doc.controls)):
        return doc.current_key, doc.current_sha256
    return doc.original_key, doc.sha256


def version(doc: Document, page: int) -> str:
    """The `?v=` of page n as the listings give it."""
    return shown_revision(doc, page)[1][:VERSION_LENGTH]


def _check(doc: Document, page: int, width: int, ext: str) -> None:
    if not 1 <= page <= doc.page_count:
        raise NotFound(_l("页码不存在"))
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValidationFailed(_l("宽度应在%(min)s到%(max)s之间", min=MIN_WIDTH, max=MAX_WIDTH),

                               fields={"width": [f"{MIN_WIDTH}..{MAX_WIDTH}"]})
    if ext not in FORMATS:
        raise NotFound(_l("图片格式不存在"))


def document_page(doc: Document, page: int, width: int, ext: str) -> PageImage:
    """Page n (1-based) as the organizer and the signers see it: with every signature applied so far."""
    _check(doc, page, width, ext)
    key, sha = shown_revision(doc, page)
    return PageImage(key, sha, page, width, ext)


def original_page(doc: Document, page: int, width: int, ext: str) -> PageImage:
    """Page n of the original as uploaded: it never changes once booked."""
    _check(doc, page, width, ext)
    return PageImage(doc.original_key, doc.sha256, page, width, ext)
