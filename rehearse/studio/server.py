"""Running the studio: bind the socket first (so the address is known before anything
prints), then hand it to uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable

from rehearse.errors import UsageError


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free one); ``UsageError`` if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                         "pick another --port") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(sock: socket.socket, *, token: str, host: str,
          on_ready: Callable[[], None] | None = None, max_upload_bytes: int | None = None) -> None:
    """Serve the studio on ``sock`` until Ctrl-C."""
    import uvicorn

    from rehearse.studio.app import create_app

    port = sock.getsockname()[1]
    app = create_app(token=token, host=host, port=port,
                     **({"max_upload_bytes": max_upload_bytes} if max_upload_bytes else {}))
    config = uvicorn.Config(app, log_level="warning", access_log=False, ws_max_size=1 << 20,
                            lifespan="off")
    server = uvicorn.Server(config)
    if on_ready is not None:
        on_ready()
    server.run(sockets=[sock])


def address(host: str, port: int, token: str) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    return f"http://{shown}:{port}/?token={token}"
