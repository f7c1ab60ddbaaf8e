"""Serving stored bytes (from the store, not a file path) with caching headers and conditional GETs."""
import hashlib
import io

from flask import Response, request, send_file

# Only a URL naming the revision it shows (`?v=`) cannot change meaning, so only it may be kept for good.
IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"


def send_stored(data: bytes, *, mimetype: str, max_age: int):
    """A response with data, an ETag of its content (the same from every node), and 304 on If-None-Match."""
    return send_file(io.BytesIO(data), mimetype=mimetype, max_age=max_age, conditional=True,
                     etag=hashlib.sha256(data).hexdigest()[:32])


def send_page_image(image) -> Response:
    """A PageImage, or 304 without rendering when If-None-Match holds its ETag."""
    cache = IMMUTABLE if request.args.get("v") == image.version else REVALIDATE
    if request.if_none_match.contains_weak(image.etag):
        response = Response(status=304)
        del response.headers["Content-Type"]
    else:
        response = Response(image.data(), mimetype=image.mimetype)
    response.set_etag(image.etag)
    response.headers["Cache-Control"] = cache
    return response
