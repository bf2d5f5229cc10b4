"""The studio's routes: pages (static HTML drawn by plain JavaScript), their JSON twins, the
audio, uploads, recording and the live WebSocket. Every route calls the same library the
commands call; nothing here analyses anything.

Starlette on uvicorn: small, ASGI, WebSockets built in; FastAPI would add pydantic for
nothing here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from pathlib import Path
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from rehearse.errors import RehearseError, UsageError
from rehearse.studio.jobs import AUDIO_SUFFIXES, Jobs
from rehearse.studio.pages import STATIC, page_html
from rehearse.studio.security import Guard
from rehearse.studio.session import RecordingSession

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # an hour of CD-quality WAV; answers are minutes
STATUS_EVERY_S = 0.1  # how often the WebSocket tells the page the level, timer and words
PAGES = {"/": "index", "/rehearsals": "history", "/progress": "progress", "/compare": "compare",
         "/rehearsals/{rid:int}": "report"}


def _page(name: str):
    def endpoint(request: Request) -> Response:
        return HTMLResponse(page_html(name))
    return endpoint


class SafeJSON(JSONResponse):
    """JSON with the characters a page or terminal would act on (bidi overrides, C1, DEL)
    written as ``\\uXXXX`` escapes, as `--json` prints them: the same data once parsed."""

    def render(self, content) -> bytes:
        from rehearse.report.render.safe import json_text

        return json_text(json.dumps(content, ensure_ascii=False, allow_nan=False,
                                    separators=(",", ":"))).encode("utf-8")


def _json(data, status: int = 200) -> JSONResponse:
    return SafeJSON(data, status_code=status)


def _store():
    from rehearse.history import open_store

    return open_store()


def _question(request: Request) -> str | None:
    return (request.query_params.get("question") or "").strip() or None


# -- JSON twins ------------------------------------------------------------------------------

def index_json(request: Request) -> Response:
    from rehearse.coach import all_questions
    from rehearse.coach.questions import own_questions_path

    return _json({"questions": [q.__dict__ for q in all_questions()],
                  "own_questions_file": str(own_questions_path()),
                  "recording": request.app.state.session.status()})


def history_json(request: Request) -> Response:
    from rehearse.history.keeping import rows_of
    from rehearse.studio.twins import history_twin

    with _store() as store:
        rows = rows_of(store, _question(request))
        every = store.rehearsals() if _question(request) else rows
    questions = sorted({r.question for r in every if r.question}, key=str.casefold)
    return _json(history_twin(rows, questions, _question(request)))


def report_json(request: Request) -> Response:
    from rehearse.history.keeping import with_history
    from rehearse.studio.twins import report_twin

    with _store() as store:
        r, block = with_history(store, request.path_params["rid"])
    return _json(report_twin(r, block))


def progress_json(request: Request) -> Response:
    from rehearse.history import targets
    from rehearse.history.keeping import rows_of
    from rehearse.history.progress import progress
    from rehearse.studio.twins import progress_twin

    question = _question(request)
    with _store() as store:
        rows = rows_of(store, question)
        latest = store.get(rows[-1].id) if rows else None
    items = progress(rows, targets(latest.report)) if latest else ()
    return _json(progress_twin(items, count=len(rows), question=question))


def compare_json(request: Request) -> Response:
    from rehearse.history import targets
    from rehearse.history.keeping import get
    from rehearse.history.progress import compare
    from rehearse.studio.twins import compare_twin

    try:
        a, b = int(request.query_params["a"]), int(request.query_params["b"])
    except (KeyError, ValueError):
        raise UsageError("compare needs two rehearsal ids, ?a=ID&b=ID") from None
    with _store() as store:
        ra, rb = get(store, a), get(store, b)
    return _json(compare_twin(compare(ra, rb, targets(rb.report))))


# -- files -----------------------------------------------------------------------------------

def audio(request: Request) -> Response:
    """The audio of one rehearsal, by id only, with HTTP range requests (seeking)."""
    from rehearse.history.keeping import get
    from rehearse.studio.twins import AUDIO_TYPES, playable_audio

    with _store() as store:
        r = get(store, request.path_params["rid"])
    path = playable_audio(r)
    if path is None:
        return _json({"error": f"the audio of rehearsal {r.id} is not in the data directory"}, 404)
    return FileResponse(path, media_type=AUDIO_TYPES.get(path.suffix.lower(),
                                                          "application/octet-stream"))


def shared_html(request: Request) -> Response:
    """The report as one self-contained HTML file (audio inside), to send to a mentor."""
    from rehearse.history.keeping import with_history
    from rehearse.studio.share import self_contained_html

    with _store() as store:
        r, block = with_history(store, request.path_params["rid"])
    return Response(self_contained_html(r, block), media_type="text/html", headers={
        "content-disposition": f'attachment; filename="rehearsal-{r.id}.html"'})


def export_csv(request: Request) -> Response:
    from rehearse.history.keeping import csv_text

    with _store() as store:
        rows = store.rehearsals()
    return Response(csv_text(rows), media_type="text/csv", headers={
        "content-disposition": 'attachment; filename="rehearsals.csv"'})


def export_json(request: Request) -> Response:
    from rehearse.history.keeping import summary

    with _store() as store:
        rows = store.rehearsals(with_reports=True)
    return SafeJSON([{**summary(r), "report": r.report} for r in rows], headers={
        "content-disposition": 'attachment; filename="rehearsals.json"'})


def delete(request: Request) -> Response:
    from rehearse.history.keeping import forget, get

    with _store() as store:
        r = get(store, request.path_params["rid"])
        forget(store, r)
    return _json({"deleted": r.id})


# -- rehearsing ------------------------------------------------------------------------------

def questions(request: Request) -> Response:
    from rehearse.coach import all_questions, pick

    if request.query_params.get("random"):
        return _json(pick(group=request.query_params.get("group") or None).__dict__)
    return _json([q.__dict__ for q in all_questions()])


def devices(request: Request) -> Response:
    from rehearse.capture import list_input_devices

    return _json([d.__dict__ for d in list_input_devices()])


async def analyze_upload(request: Request) -> Response:
    """The body is the audio file itself; ``?filename=`` and ``?question=`` go with it."""
    from rehearse.home import private_dir, private_file, recordings_dir

    name = Path(unquote(request.query_params.get("filename") or "")).name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        return _json({"error": f"{name} is not an audio file rehearse reads: use "
                               + ", ".join(s[1:].upper() for s in AUDIO_SUFFIXES) + "."}, 415)
    limit = request.app.state.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return _json({"error": _too_large(name, limit)}, 413)
    folder = private_dir(recordings_dir())  # owner-only, like every recording
    upload = folder / f".upload-{secrets.token_hex(8)}{suffix}"
    size = 0
    try:
        with private_file(upload) as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise _TooLarge()
                out.write(chunk)
    except _TooLarge:
        upload.unlink(missing_ok=True)
        return _json({"error": _too_large(name, limit)}, 413)
    except BaseException:  # the browser went away mid-upload
        upload.unlink(missing_ok=True)
        raise
    if size == 0:
        upload.unlink(missing_ok=True)
        return _json({"error": f"{name}: the file is empty."}, 400)
    job = request.app.state.jobs.start(upload, name=name, question=_question(request))
    return _json(job.as_dict(), 202)


class _TooLarge(Exception):
    pass


def _too_large(name: str, limit: int) -> str:
    return f"{name} is larger than the {limit / 1024 / 1024:g} MB the studio takes."


def job_status(request: Request) -> Response:
    job = request.app.state.jobs.get(request.path_params["jid"])
    if job is None:
        return _json({"error": "no such analysis"}, 404)
    return _json(job.as_dict())


async def record_start(request: Request) -> Response:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise UsageError("the request was not JSON") from None
    if not isinstance(body, dict):
        raise UsageError("the request was not a JSON object")
    session = request.app.state.session
    started = await run_in_threadpool(session.start, question=str(body.get("question") or ""),
                                      device=body.get("device") or None,
                                      max_seconds=body.get("max_seconds"))
    return _json(started)


async def record_stop(request: Request) -> Response:
    result = await run_in_threadpool(request.app.state.session.stop)
    return _json(result, 200 if "rehearsal_id" in result else 400)


async def live(websocket: WebSocket) -> None:
    """One socket per page: the recording's state, level, timer and live words, ten times a
    second."""
    await websocket.accept()
    session = websocket.app.state.session
    try:
        while True:
            await websocket.send_text(json.dumps(session.status()))
            await asyncio.sleep(STATUS_EVERY_S)
    except (WebSocketDisconnect, RuntimeError, OSError):
        return


# -- the app ---------------------------------------------------------------------------------

async def _one_line(request: Request, exc: Exception) -> Response:
    if isinstance(exc, RehearseError):
        status = 404 if str(exc).startswith("there is no rehearsal") else 400
        return _json({"error": str(exc)}, status)
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _json({"error": f"unexpected failure: {type(exc).__name__}: {exc}"}, 500)


def create_app(*, token: str, host: str, port: int,
               max_upload_bytes: int = MAX_UPLOAD_BYTES) -> Guard:
    """The studio as an ASGI app, behind its guard (token, Host and Origin checks)."""
    routes = [Route(path, _page(name)) for path, name in PAGES.items()] + [
        Route("/index.json", index_json),
        Route("/rehearsals.json", history_json),
        Route("/rehearsals/{rid:int}", delete, methods=["DELETE"]),
        Route("/rehearsals/{rid:int}.json", report_json),
        Route("/rehearsals/{rid:int}/audio", audio),
        Route("/rehearsals/{rid:int}/report.html", shared_html),
        Route("/progress.json", progress_json),
        Route("/compare.json", compare_json),
        Route("/export.csv", export_csv),
        Route("/export.json", export_json),
        Route("/api/questions", questions),
        Route("/api/devices", devices),
        Route("/api/analyze", analyze_upload, methods=["POST"]),
        Route("/api/jobs/{jid:int}", job_status),
        Route("/api/record/start", record_start, methods=["POST"]),
        Route("/api/record/stop", record_stop, methods=["POST"]),
        WebSocketRoute("/ws", live),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={RehearseError: _one_line,
                                                       Exception: _one_line})
    app.state.jobs = Jobs()
    app.state.session = RecordingSession()
    app.state.max_upload_bytes = max_upload_bytes
    return Guard(app, token=token, host=host, port=port)
