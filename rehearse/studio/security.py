"""The locked door of the studio: a local server is an open door unless it is built shut.

Pure ASGI middleware in front of every route, HTTP and WebSocket alike:

- the Host header must name this server (a DNS-rebinding page cannot borrow our origin);
- the token from the printed address must come with the request, once in the query (it is
  then set as a cookie and the browser is sent on without it in the address bar) or as the
  cookie; anything else is 403;
- a request that changes something (not GET/HEAD) and every WebSocket must carry an Origin
  of this server: another site the user visits cannot post to us or open our socket;
- no CORS: no Access-Control-* header is ever sent, so other origins cannot read answers.

The scheme follows Jupyter server's token and Host/Origin checks.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

SAFE_METHODS = frozenset({"GET", "HEAD"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
HEADERS = [  # on every answer
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data: blob:; media-src 'self' data: blob:; "
     b"style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; "
     b"base-uri 'none'; form-action 'self'"),
]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    """Refuse every request that does not come from the page this server gave out.

    Listening on loopback (the default), the Host must be a loopback name. Listening on
    another address, it may also be any IP address: a rebinding attack needs a DNS name.
    """

    def __init__(self, app, *, token: str, host: str, port: int):
        self.app = app
        self.token = token
        self.port = port
        self.remote = not is_loopback(host)
        self.cookie = f"rehearse_studio_{port}"  # cookies ignore ports: one name per server

    def host_ok(self, value: str | None) -> bool:
        if not value or not value.endswith(f":{self.port}"):
            return False
        name = value[: -len(f":{self.port}")]
        if name in LOOPBACK_NAMES:
            return True
        return self.remote and _ip(name)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        if not self.host_ok(headers.get("host")):
            return await _refuse(scope, receive, send, "this server answers only to its own address")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        from_query = _same(query.get("token"), self.token)
        if not from_query and not _same(_cookies(headers).get(self.cookie), self.token):
            return await _refuse(scope, receive, send, "open the address that `rehearse studio` "
                                                       "printed, with its token")
        changes = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        if changes and headers.get("origin") != f"http://{headers['host']}":
            return await _refuse(scope, receive, send, "request from another site refused")
        if from_query and scope["type"] == "http" and scope["method"] == "GET":
            return await self._set_cookie_and_redirect(scope, query, send)

        # The package's own scripts may be kept if unchanged (revalidated by ETag), so the
        # browser keeps their compiled code; answers with the user's data are never stored.
        cache = b"no-cache" if scope["path"].startswith("/static/") else b"no-store"

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *HEADERS,
                                                  (b"cache-control", cache)]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    async def _set_cookie_and_redirect(self, scope, query: dict, send) -> None:
        """Swap the token in the address for a cookie, so it leaves the address bar and history."""
        rest = urlencode({k: v for k, v in query.items() if k != "token"})
        location = scope["path"] + ("?" + rest if rest else "")
        cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303, "headers": [
            (b"location", location.encode()), (b"set-cookie", cookie.encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": b""})


def is_loopback(host: str) -> bool:
    return host == "localhost" or (_ip(host) and ipaddress.ip_address(host.strip("[]")).is_loopback)


def _ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


async def _refuse(scope, receive, send, why: str) -> None:
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
        return
    body = f"403 Forbidden: {why}.\n".encode()
    await send({"type": "http.response.start", "status": 403, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
