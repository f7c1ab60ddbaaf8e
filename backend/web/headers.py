"""Security headers on every answer, and cookie flags that follow the public URL's scheme.

A small after-request hook rather than Flask-Talisman: the policy is the same for every page (no page
is meant to be framed, none needs inline script or style), so it is a handful of constant headers,
and Talisman's HTTPS redirects would fight the reverse proxy that terminates TLS in front of us.
"""
from flask import Flask

# Big screen, signer and admin pages load their script, style and images from us alone. Images may be
# data:/blob: URLs (the handwriting pad's preview); nothing embeds us, nothing is embedded.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
    "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def _https(app: Flask) -> bool:
    return app.config["PUBLIC_BASE_URL"].lower().startswith("https://")


def security_headers(app: Flask) -> dict[str, str]:
    """The headers every answer carries (also the streams answered off Flask, by the event-loop server)."""
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Frame-Options": "DENY",
               "X-Content-Type-Options": "nosniff",
               # Screen, host, signer and activation links carry their secret in the URL: never pass it on.
               "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
    if _https(app):
        headers["Strict-Transport-Security"] = HSTS
    return headers


def install(app: Flask) -> None:
    """Add the headers to every response; mark cookies Secure when the public URL is https."""
    https = _https(app)
    if https:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["WTF_CSRF_SSL_STRICT"] = True

    always = security_headers(app)

    @app.after_request
    def _security_headers(response):
        for name, value in always.items():
            response.headers.setdefault(name, value)
        return response
