"""HTTP hygiene around Streamlit's own server (an ASGI middleware that serve.py installs).

* Security headers on every response: a Content-Security-Policy that allows this site only (no
  visitor's browser fetches anything from a third party), no framing by other sites, no MIME
  sniffing, no referrer sent elsewhere. They hold behind any proxy too; the README's
  deployment section lists them for a proxy that sets its own.
* A deep link with extra segments (``/area/crc-c01``) would get Streamlit's index.html, whose
  relative asset paths then resolve under ``/area/`` and fail: a blank page forever. It is
  redirected to its first segment (``/area``, query kept), where the router shows the page or
  its "page not found" message.
"""
from __future__ import annotations

from urllib.parse import quote

# Segments of the paths Streamlit serves itself: a path holding one is never redirected.
SERVER_PREFIXES = frozenset({"_stcore", "static", "app", "component", "media", "~"})

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
       "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


def deep_link_target(path: str, query: bytes = b"") -> str | None:
    """Where a page path with extra segments should go (None when it is fine as it is)."""
    segments = [s for s in path.split("/") if s]
    # the browser looks for the server under a page's path too (``/map/_stcore/health``): any
    # path with one of Streamlit's own segments is left to Streamlit
    if len(segments) < 2 or SERVER_PREFIXES.intersection(segments):
        return None
    target = "/" + quote(segments[0], safe="-_.~")
    return target + ("?" + query.decode("latin-1") if query else "")


class SiteMiddleware:
    """ASGI middleware: security headers on every HTTP response, deep links redirected."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD"):
            target = deep_link_target(scope.get("path", ""), scope.get("query_string", b""))
            if target:
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", target.encode("latin-1")), (b"cache-control", b"no-cache"),
                                        (b"content-length", b"0"), *HEADERS]})
                await send({"type": "http.response.body", "body": b""})
                return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in HEADERS if h[0] not in present)]}
            await send(message)

        await self.app(scope, receive, with_headers)


def install() -> None:
    """Add SiteMiddleware to Streamlit's own middleware stack (call before the server starts)."""
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_middleware
    if getattr(original, "_probation", False):
        return

    def create_streamlit_middleware():
        return [Middleware(SiteMiddleware), *original()]

    create_streamlit_middleware._probation = True
    starlette_app.create_streamlit_middleware = create_streamlit_middleware
