"""Serving stored bytes (from the store, not a file path) with caching headers and conditional GETs."""
import hashlib
import io

from flask import send_file


def send_stored(data: bytes, *, mimetype: str, max_age: int):
    """A response with data, an ETag of its content (the same from every node), and 304 on If-None-Match."""
    return send_file(io.BytesIO(data), mimetype=mimetype, max_age=max_age, conditional=True,
                     etag=hashlib.sha256(data).hexdigest()[:32])
