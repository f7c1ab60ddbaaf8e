"""Success bodies that are not JSON, as the OpenAPI spec declares them (`@blp.doc(responses=...)`), and
downloads under their real names."""
from urllib.parse import quote

from flask import Response

from backend.core.text import PATTERN


def _binary(*media_types: str, description: str) -> dict:
    return {"200": {"description": description,
                    "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in media_types}}}


PNG_RESPONSE = _binary("image/png", description="A PNG image.")
IMAGE_RESPONSE = _binary("image/png", "image/jpeg", description="A PNG or JPEG image.")
PDF_RESPONSE = _binary("application/pdf", description="The PDF, as an attachment.")


_PAGE_HEADERS = {
    "ETag": {"description": "of the revision shown, the page, the width and the format; send it back as "
                           "If-None-Match", "schema": {"type": "string"}},
    "Cache-Control": {"description": "`private, max-age=31536000, immutable` when `v` names the revision "
                                     "shown, else `private, no-cache`", "schema": {"type": "string"}}}


def page_image_responses(media_type: str) -> dict:
    """A page image: 200 with the image, or 304 when If-None-Match already names it."""
    return {"200": {"description": f"The page as {media_type}.", "headers": _PAGE_HEADERS,
                    "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}},
            "304": {"description": "Not modified: the client's copy (If-None-Match) is the current image.",
                    "headers": _PAGE_HEADERS}}


# `v` carries the control-character rule the app enforces on every URL.
VERSION_PARAMETER = {"in": "query", "name": "v", "schema": {"type": "string", "pattern": PATTERN}, "description":
                     "the revision hash the listings put in page URLs; with the current one the image is "
                     "cacheable for good, with any other (or none) it is the current revision, revalidated"}
IF_NONE_MATCH = {"in": "header", "name": "If-None-Match", "schema": {"type": "string"},
                 "description": "an ETag of this URL's image: 304 when it is still the current one"}

ZIP_RESPONSE = _binary("application/zip", description="The ZIP, as an attachment.")
CSV_RESPONSE = {"200": {"description": "CSV for Excel (UTF-8 with a byte-order mark), as an attachment.",
                        "content": {"text/csv": {"schema": {"type": "string"}}}}}
# One Server-Sent Event as the stream carries it; `data` is a JSON object naming what happened.
SSE_EVENT = {"type": "object", "properties": {
    "id": {"type": "string", "pattern": "^[0-9]+$", "description": "the audit event's id: send it back as Last-Event-ID"},
    "event": {"type": "string", "enum": ["message"]},
    "retry": {"type": "integer", "description": "milliseconds before reconnecting"},
    "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": {
        "type": "object", "required": ["kind", "at"], "properties": {
            "kind": {"type": "string", "enum": ["signed", "scene_opened", "verified", "documents_viewed", "signing_started",
                                                "declined",
                                                "reopened", "signature_applied", "completed", "cancelled", "layout_saved",
                                                "meeting_updated"]},
            "at": {"type": "string", "format": "date-time", "nullable": True},
            "participant_id": {"type": "string", "nullable": True}}}}}}
SSE_RESPONSE = {"200": {"description": "Server-Sent Events: each event has an `id:`; `Last-Event-ID` resumes. "
                                       "The stream ends after a while; reconnect with Last-Event-ID.",
                        "content": {"text/event-stream": {"schema": SSE_EVENT}}}}


def attachment(data: bytes, mimetype: str, filename: str, fallback: str) -> Response:
    """A download named `filename` (RFC 5987 `filename*`, UTF-8), with an ASCII `fallback` for old clients."""
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"})
