"""explorer.web: security headers on every HTTP response and deep links with extra segments
redirected to their page, with Streamlit's own paths left alone."""
from __future__ import annotations

import asyncio
import threading

import pytest

from explorer import web


@pytest.mark.parametrize("path,query,expected", [
    ("/area/crc-c01", b"", "/area"),
    ("/league-table/x/y", b"period=pdu-2023", "/league-table?period=pdu-2023"),
    ("/area", b"org=crc-c01", None),
    ("/", b"", None),
    ("/_stcore/health", b"", None),
    ("/map/_stcore/health", b"", None),  # the browser's search for the server under a page's path
    ("/area/_stcore/stream", b"", None),
    ("/static/js/index.js", b"", None),
    ("/app/static/feed.xml", b"", None),
    ("/media/abc.png", b"", None),
])
def test_deep_link_target(path, query, expected):
    assert web.deep_link_target(path, query) == expected


def _call(path: str, method: str = "GET"):
    sent, inner_called = [], []

    async def app(scope, receive, send):
        inner_called.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": "http", "method": method, "path": path, "query_string": b""}
    # in a thread of its own: the browser tests' Playwright may keep an event loop in this one
    worker = threading.Thread(target=lambda: asyncio.run(web.SiteMiddleware(app)(scope, receive, send)))
    worker.start()
    worker.join(30)
    return sent[0], inner_called


def test_every_response_carries_the_security_headers():
    start, called = _call("/map")
    headers = dict(start["headers"])
    assert called == ["/map"] and start["status"] == 200
    csp = headers[b"content-security-policy"].decode()
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "https:" not in csp
    assert headers[b"x-content-type-options"] == b"nosniff" and headers[b"referrer-policy"] == b"same-origin"


def test_a_deep_link_is_redirected_without_reaching_streamlit():
    start, called = _call("/area/crc-c01")
    assert start["status"] == 302 and dict(start["headers"])[b"location"] == b"/area" and called == []
    start, called = _call("/area/crc-c01", method="POST")  # only reads are redirected
    assert start["status"] == 200 and called == ["/area/crc-c01"]
