"""``handouts serve``: where the app listens, and with which secret.

It listens on 127.0.0.1 unless told otherwise. Beyond the machine (any other address)
it refuses to start without the clinic's shared secret: every request must then carry
it as the HTTP Basic password. No access log is written (no request lines at all), and
the app itself logs no form value.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from ..errors import UserError, display_path
from ..pipeline import Options, content_roots
from ..reading.brand import load_brand
from ..reading.drugs import find_drugs
from .app import Settings, create_app

Content = Path | tuple[Path, ...] | None  # --content, as pipeline.Options takes it
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
MIN_SECRET = 16  # characters
WORKER_SETTINGS = "HANDOUTS_SERVE_SETTINGS"  # from serve to its worker processes


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def read_secret(path: Path) -> str:
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise UserError(f"secret file not found: {display_path(path)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read the secret file {display_path(path)}: {error}") from None
    if len(secret) < MIN_SECRET or any(ord(c) < 32 for c in secret):
        raise UserError(
            f"the secret in {display_path(path)} must be one line of at least {MIN_SECRET} characters"
        )
    return secret


def settings_for(host: str, content: Content, brand: Path | None, secret_file: Path | None) -> Settings:
    secret = read_secret(secret_file) if secret_file else None
    loopback = is_loopback(host)
    if not loopback and secret is None:
        raise UserError(
            f"serving on {host} lets other machines reach the page: set a shared secret with "
            "--secret-file FILE (one line, 16 characters or more), or serve on 127.0.0.1"
        )
    hosts = None
    if loopback:  # a page from elsewhere cannot rename itself to reach this one (DNS rebinding)
        hosts = LOOPBACK_NAMES | {host.lower() if ":" not in host else f"[{host.strip('[]')}]"}
    return Settings(content=content, brand=brand, secret=secret, allowed_hosts=hosts)


def serve(
    host: str,
    port: int,
    content: Content,
    brand: Path | None,
    secret_file: Path | None,
    workers: int = 1,
) -> None:
    import uvicorn

    settings = settings_for(host, content, brand, secret_file)
    find_drugs(content_roots(Options(content=content)))  # a missing folder: say so now
    load_brand(brand)  # a broken brand file: every problem now, not on the first request
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": False,  # no request lines in the log
        "server_header": False,
        "log_level": "info",
    }
    if workers <= 1:
        uvicorn.run(create_app(settings), **options)
        return
    # Each worker process builds its own app from these settings (the secret stays in its
    # file); without a secret they share one random key for their CSRF tokens.
    roots = content_roots(Options(content=content)) if content else ()
    os.environ[WORKER_SETTINGS] = json.dumps(
        {
            "host": host,
            "content": [str(p) for p in roots],
            "brand": str(brand) if brand else None,
            "secret_file": str(secret_file) if secret_file else None,
            "csrf_key": secrets.token_hex(32),
        }
    )
    uvicorn.run("handouts.web.server:worker_app", factory=True, workers=workers, **options)


def worker_app() -> Starlette:
    """The app of one worker process of ``handouts serve --workers N``."""
    given = json.loads(os.environ[WORKER_SETTINGS])
    content = tuple(Path(p) for p in given["content"]) or None
    brand = Path(given["brand"]) if given["brand"] else None
    secret_file = Path(given["secret_file"]) if given["secret_file"] else None
    settings = settings_for(given["host"], content, brand, secret_file)
    return create_app(replace(settings, csrf_key=bytes.fromhex(given["csrf_key"])))
