"""`rehearse studio`: rehearse in the browser, on this machine only."""

from __future__ import annotations

import click

INSTALL_HINT = "the studio needs its extra: pip install 'rehearse[studio]'"


@click.command()
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=0,
              help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines knock.")
@click.option("--no-browser", is_flag=True, help="Only print the address; do not open a browser.")
@click.option("--max-upload-mb", type=click.FloatRange(min=0, min_open=True), default=200,
              show_default=True, help="Largest audio file the page may upload.")
def studio(port, host, no_browser, max_upload_mb) -> None:
    """Open the studio in your browser: record, listen back, see your progress."""
    from rehearse.errors import RehearseError

    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise RehearseError(INSTALL_HINT) from None
    from rehearse.commands.console import say
    from rehearse.studio.running import hold_studio_lock
    from rehearse.studio.security import is_loopback, new_token
    from rehearse.studio.server import address, bind, serve

    if not is_loopback(host):
        say(f"Warning: listening on {host}: other machines on the network can reach "
                    "the studio (they still need the token).", err=True, fg="yellow")
    token = new_token()
    hold_studio_lock()  # `rehearse forget` refuses while a studio runs
    sock = bind(host, port)
    url = address(host, sock.getsockname()[1], token)

    def ready() -> None:
        say(url)
        if not no_browser:
            import webbrowser

            webbrowser.open(url)

    try:
        serve(sock, token=token, host=host, on_ready=ready,
              max_upload_bytes=int(max_upload_mb * 1024 * 1024))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


COMMANDS = (studio,)
