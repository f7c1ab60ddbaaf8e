"""Success bodies that are not JSON, as the OpenAPI spec declares them (`@blp.doc(responses=...)`)."""


def _binary(*media_types: str, description: str) -> dict:
    return {"200": {"description": description,
                    "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in media_types}}}


PNG_RESPONSE = _binary("image/png", description="A PNG image.")
IMAGE_RESPONSE = _binary("image/png", "image/jpeg", description="A PNG or JPEG image.")
PDF_RESPONSE = _binary("application/pdf", description="The PDF, as an attachment.")
SSE_RESPONSE = {"200": {"description": "Server-Sent Events: each event has an `id:`; `Last-Event-ID` resumes.",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}}}}
