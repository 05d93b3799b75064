"""What a clinic's IT checks, in one place: the shared secret, CSRF tokens, request size,
allowed hosts and the security headers every response carries.

Nothing here keeps state between requests: a CSRF token is a random nonce and its HMAC
under a key derived from the clinic's secret, so any worker behind the clinic's proxy
can check a token another worker issued (signed double-submit: the same token in a
cookie and in the form).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "handouts_csrf"
CSRF_FIELD = "csrf"
MAX_BODY = 512 * 1024  # bytes in one request; a packet file is a few hundred bytes

# No inline script or style anywhere: the stylesheet and the filter script are files.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The HTML edition, previewed (POST /handout, action=preview): its own inline stylesheet and
# its embedded fonts and images (data: URLs), still no script, no frame, no request at all.
EDITION_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

ErrorPage = Callable[[Request, int, str], Awaitable[Response]]


@dataclass(frozen=True)
class Tokens:
    """CSRF tokens signed with a key; the key comes from the clinic's secret, or is
    random per process when there is none (one process on one machine)."""

    key: bytes

    @classmethod
    def for_secret(cls, secret: str | None) -> Tokens:
        if secret is None:
            return cls(secrets.token_bytes(32))
        return cls(hashlib.sha256(b"handouts csrf\0" + secret.encode()).digest())

    def new(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 1 or len(token) > 200:
            return False
        nonce, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(nonce))

    def check(self, cookie: str | None, field: str | None) -> bool:
        """The form's token is the cookie's, and it was signed here."""
        if not cookie or not field:
            return False
        return hmac.compare_digest(cookie.encode(), field.encode()) and self.valid(field)

    def _sign(self, nonce: str) -> str:
        mac = hmac.new(self.key, nonce.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def secret_matches(headers: Headers, secret: str) -> bool:
    """HTTP Basic authentication with the clinic's secret as the password (any user name):
    every browser asks for it without a script, and a reverse proxy can pass it on."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return False
    _, _, password = decoded.partition(":")
    return hmac.compare_digest(password.encode(), secret.encode())


class Guard:
    """ASGI middleware: security headers and no-store on every response; then the host,
    the secret and the request size, before the app sees the request.

    A response keeps a Content-Security-Policy of its own only when it is EDITION_CSP (the
    previewed handout); any other is replaced by CSP."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        error_page: ErrorPage,
        secret: str | None = None,
        allowed_hosts: frozenset[str] | None = None,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app, self.error_page, self.secret = app, error_page, secret
        self.allowed_hosts, self.max_body = allowed_hosts, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = message.get("headers", [])
                edition = (b"content-security-policy", EDITION_CSP.encode()) in given
                replaced = {b"cache-control", b"content-security-policy"}
                headers = [(k, v) for k, v in given if k.lower() not in replaced]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if edition:
                    headers = [
                        (k, EDITION_CSP.encode() if k == b"content-security-policy" else v)
                        for k, v in headers
                    ]
                # Pages carry a CSRF token, answers carry patient details: never stored.
                cache = b"public, max-age=3600" if static else b"no-store"
                headers.append((b"cache-control", cache))
                message = {**message, "headers": headers}
            await send(message)

        request = Request(scope)
        problem = self._refuse(request)
        if problem is not None:
            status, extra = problem
            response = await self.error_page(request, status, "")
            response.headers.update(extra)
            await response(scope, receive, send_with_headers)
            return

        received = 0

        async def limited_receive() -> Message:
            """The body as it arrives, cut off at the limit (no or a false Content-Length):
            the app's error handler shows the 413 page."""
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413)
            return message

        await self.app(scope, limited_receive, send_with_headers)

    def _refuse(self, request: Request) -> tuple[int, dict[str, str]] | None:
        if self.allowed_hosts is not None and host_name(request.headers) not in self.allowed_hosts:
            return 400, {}
        if self.secret is not None and not secret_matches(request.headers, self.secret):
            return 401, {"WWW-Authenticate": 'Basic realm="handouts", charset="UTF-8"'}
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return 413, {}
        return None


def host_name(headers: Headers) -> str:
    """The Host header without its port: "127.0.0.1", "localhost", "[::1]"."""
    value = headers.get("host", "").strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value
