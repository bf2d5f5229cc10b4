"""`rehearse studio` over real HTTP: the locked door (token, Host, Origin, no CORS), uploads,
audio with range requests, the JSON twins, delete and export. One real server per module,
started as a user would (`rehearse studio --no-browser`), with its own data home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

httpx = pytest.importorskip("httpx", reason="the studio tests need httpx (pip install -e '.[test]')")
pytest.importorskip("starlette", reason="the studio needs its extra (pip install -e '.[studio]')")

from devtools.browser import Studio  # noqa: E402
from tests.conftest import run_cli  # noqa: E402
from tests.studio_fixtures import home, studio_home  # noqa: E402,F401
from tests.test_terminal_safety import QUESTION, UNSAFE  # noqa: E402

UPLOAD_LIMIT_MB = 4  # the answer is about 0.6 MB
HTML_QUESTION = QUESTION + " <b>bold</b> </script><!-- <script>"  # and markup


@pytest.fixture(scope="module")
def server(studio_home):
    s = Studio(env={"REHEARSE_HOME": str(studio_home), "HF_HUB_OFFLINE": "1"},
               args=("--max-upload-mb", str(UPLOAD_LIMIT_MB)))
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(server):
    """A client that has been let in: it opened the printed address and holds the cookie."""
    with httpx.Client(base_url=server.base, timeout=120) as c:
        first = c.get(server.url.replace(server.base, ""))
        assert first.status_code == 303 and first.headers["location"] == "/"
        yield c


def origin(server) -> dict:
    return {"origin": server.base}


def wait_job(client, job_id: int, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "error"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"analysis {job_id} did not finish")


@pytest.fixture(scope="module")
def uploaded(server, client, answer):
    path, truth = answer
    res = client.post("/api/analyze", params={"filename": "my answer.wav",
                                              "question": "Tell me about yourself"},
                      content=path.read_bytes(), headers=origin(server))
    assert res.status_code == 202, res.text
    job = wait_job(client, res.json()["id"])
    assert job["state"] == "done", job
    return job["rehearsal_id"], truth


def saved(home) -> tuple[list, list]:
    """Rehearsals in the history and files in the recordings folder."""
    from rehearse.history import open_store

    with open_store(home / "history.sqlite3") as store:
        rows = store.rehearsals()
    folder = home / "recordings"
    return rows, sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# -- the locked door --------------------------------------------------------------------------

def test_token_becomes_a_cookie(server):
    with httpx.Client(base_url=server.base) as c:
        assert c.get("/").status_code == 403
        assert c.get("/?token=wrong").status_code == 403
        res = c.get(f"/rehearsals?token={server.token}")
        assert res.status_code == 303 and res.headers["location"] == "/rehearsals"
        cookie = res.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = c.get("/rehearsals")  # the cookie now opens every page
        assert page.status_code == 200 and "<html" in page.text
        assert c.get("/rehearsals.json").json()["rehearsals"] == []


@pytest.mark.parametrize("path", ["/", "/static/app.css", "/static/vendor/wavesurfer.min.js",
                                  "/rehearsals/1/audio", "/rehearsals/1.json", "/export.csv",
                                  "/api/devices", "/api/questions"])
def test_every_route_needs_the_token(server, path):
    res = httpx.get(server.base + path)
    assert res.status_code == 403
    assert "token" in res.text
    res = httpx.get(server.base + path, cookies={f"rehearse_studio_{server.port}": "guess"})
    assert res.status_code == 403


def test_host_header_must_name_this_server(server, client):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: refused."""
    assert client.get("/rehearsals.json", headers={"host": "evil.example"}).status_code == 403
    assert client.get("/rehearsals.json",
                      headers={"host": f"evil.example:{server.port}"}).status_code == 403
    assert client.get("/rehearsals.json",
                      headers={"host": f"localhost:{server.port}"}).status_code == 200


@pytest.mark.parametrize("method,path", [("POST", "/api/record/start"), ("POST", "/api/analyze"),
                                         ("DELETE", "/rehearsals/1"), ("POST", "/api/record/stop")])
def test_changes_need_this_origin(server, client, method, path):
    for headers in ({}, {"origin": "http://evil.example"}, {"origin": "null"},
                    {"origin": f"http://evil.example:{server.port}"}):
        res = client.request(method, path, headers=headers, content=b"{}")
        assert res.status_code == 403, (headers, res.text)
        assert "another site" in res.text


def test_guard_lets_the_page_through(server, client):
    res = client.post("/api/record/start", json={"question": ""}, headers=origin(server))
    assert res.status_code == 400
    assert res.json() == {"error": "pick or type a question first"}


def test_no_cors(server, client):
    pre = client.options("/api/analyze", headers={
        "origin": "http://evil.example", "access-control-request-method": "POST"})
    assert pre.status_code == 403
    got = client.get("/rehearsals.json", headers={"origin": "http://evil.example"})
    assert got.status_code == 200  # a read; but no header lets another site's script see it
    for res in (pre, got):
        assert not [h for h in res.headers if h.lower().startswith("access-control-")]
    assert "frame-ancestors 'none'" in got.headers["content-security-policy"]


def test_websocket_needs_token_and_origin(server, client):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    url = server.base.replace("http://", "ws://") + "/ws"
    cookie = f"rehearse_studio_{server.port}={server.token}"
    for headers in ({"Origin": server.base}, {"Cookie": cookie},
                    {"Cookie": cookie, "Origin": "http://evil.example"}):
        with pytest.raises(InvalidStatus) as refused:
            connect(url, additional_headers=headers, open_timeout=10).close()
        assert refused.value.response.status_code == 403
    with connect(url, additional_headers={"Cookie": cookie, "Origin": server.base},
                 open_timeout=10) as ws:
        status = json.loads(ws.recv(timeout=10))
    assert status["state"] == "idle"


# -- uploads -----------------------------------------------------------------------------------

def test_upload_too_large_saves_nothing(server, client, home):
    big = b"\0" * ((UPLOAD_LIMIT_MB + 1) * 1024 * 1024)
    res = client.post("/api/analyze?filename=big.wav", content=big, headers=origin(server))
    assert res.status_code == 413
    assert res.json()["error"] == f"big.wav is larger than the {UPLOAD_LIMIT_MB} MB the studio takes."

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(UPLOAD_LIMIT_MB + 1):
            yield b"\0" * 1024 * 1024

    res = client.post("/api/analyze?filename=big.wav", content=chunks(), headers=origin(server))
    assert res.status_code == 413
    assert saved(home) == ([], [])


def test_bad_uploads_are_one_clear_line(server, client, home):
    res = client.post("/api/analyze?filename=notes.txt", content=b"hello", headers=origin(server))
    assert res.status_code == 415
    assert res.json()["error"].startswith("notes.txt is not an audio file rehearse reads")
    res = client.post("/api/analyze?filename=empty.wav", content=b"", headers=origin(server))
    assert res.status_code == 400 and res.json()["error"] == "empty.wav: the file is empty."
    res = client.post("/api/analyze?filename=fake.wav", content=b"not audio at all " * 200,
                      headers=origin(server))
    assert res.status_code == 202
    job = wait_job(client, res.json()["id"])
    assert job["state"] == "error"
    assert job["error"].startswith("fake.wav: ") and "\n" not in job["error"]
    assert "Traceback" not in job["error"] and ".upload-" not in job["error"]
    assert saved(home) == ([], [])


def test_upload_is_analysed_and_kept(server, client, uploaded, home):
    rid, truth = uploaded
    report = client.get(f"/rehearsals/{rid}.json").json()
    assert report["question"] == "Tell me about yourself"
    assert abs(report["word_count"] - truth["word_count"]) <= 2
    assert report["rehearsal"]["audio_url"] == f"/rehearsals/{rid}/audio"
    assert report["history"]["rehearsal_id"] == rid
    rows, files = saved(home)
    assert [r.id for r in rows] == [rid]
    assert len(files) == 1 and files[0].endswith("_tell-me-about-yourself.wav")
    assert rows[0].audio_path == str(home / "recordings" / files[0])
    # The same report `rehearse show --json` prints.
    shown = run_cli("show", str(rid), "--json")
    assert shown.returncode == 0, shown.stderr
    cli = json.loads(shown.stdout)
    assert {k: report[k] for k in cli} == cli


# -- audio -------------------------------------------------------------------------------------

def test_audio_with_range_requests(client, uploaded, home):
    rid, _ = uploaded
    data = next((home / "recordings").glob("*.wav")).read_bytes()
    whole = client.get(f"/rehearsals/{rid}/audio")
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["content-type"] == "audio/wav"
    assert whole.headers["accept-ranges"] == "bytes"
    part = client.get(f"/rehearsals/{rid}/audio", headers={"range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    assert part.content == data[100:200]
    tail = client.get(f"/rehearsals/{rid}/audio", headers={"range": "bytes=-500"})
    assert tail.status_code == 206 and tail.content == data[-500:]
    bad = client.get(f"/rehearsals/{rid}/audio", headers={"range": f"bytes={len(data) + 10}-"})
    assert bad.status_code == 416


def test_audio_only_by_id_from_the_data_directory(server, client, uploaded, home, answer):
    """No path from the page reaches the file system; audio outside the data home stays unserved."""
    from rehearse.history import open_store

    rid, _ = uploaded
    report = client.get(f"/rehearsals/{rid}.json").json()
    for key in ("history", "rehearsal", "targets", "metric_labels", "waveform"):
        report.pop(key)
    report["audio"]["path"] = str(answer[0])  # a file the user analysed from elsewhere
    with open_store(home / "history.sqlite3") as store:
        outside = store.save(report)
    try:
        assert client.get(f"/rehearsals/{outside}/audio").status_code == 404
        assert client.get(f"/rehearsals/{outside}.json").json()["rehearsal"]["audio_url"] is None
        assert client.get("/rehearsals/999/audio").status_code == 404
        assert client.get("/rehearsals/999.json").json() == {
            "error": "there is no rehearsal 999 (see `rehearse history`)"}
        for path in ("/static/../history.sqlite3", "/static/%2e%2e/history.sqlite3",
                     "/rehearsals/1/audio?path=/etc/passwd", "/static/..%2f..%2fapp.py"):
            res = client.get(path)
            assert res.status_code in (403, 404) or b"SQLite" not in res.content
            assert b"SQLite format" not in res.content and b"root:" not in res.content
    finally:
        with open_store(home / "history.sqlite3") as store:
            store.delete(outside)


# -- the other pages' twins, export, delete ------------------------------------------------------

def test_history_progress_and_export(client, uploaded):
    rid, _ = uploaded
    listing = client.get("/rehearsals.json").json()
    assert [r["id"] for r in listing["rehearsals"]] == [rid]
    assert listing["questions"] == ["Tell me about yourself"]
    assert client.get("/rehearsals.json?question=Why+this+job").json()["rehearsals"] == []
    progress = client.get("/progress.json").json()
    assert progress["rehearsals"] == 1
    assert {m["metric"] for m in progress["metrics"]} >= {"wpm", "fillers_per_min"}
    csv = client.get("/export.csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="rehearsals.csv"'
    assert csv.text.splitlines()[0].startswith("id,created_at,question")
    assert csv.text == run_cli("export", "--format", "csv").stdout
    exported = client.get("/export.json").json()
    assert exported[0]["report"]["word_count"] == exported[0]["metrics"]["word_count"]


def test_shared_report_is_self_contained(client, uploaded, tmp_path):
    rid, _ = uploaded
    page = client.get(f"/rehearsals/{rid}/report.html")
    assert page.headers["content-disposition"] == f'attachment; filename="rehearsal-{rid}.html"'
    html = page.text
    assert "data:audio/wav;base64,UklGR" in html  # "RIFF"
    assert 'src="/static' not in html and 'href="/static' not in html
    out = tmp_path / "r.html"
    proc = run_cli("show", str(rid), "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    cli = out.read_text()
    assert len(cli) == pytest.approx(len(html), rel=0.01)  # the same page, but for its dates


def test_compare_then_delete(server, client, home, answer, uploaded):
    path, _ = answer
    res = client.post("/api/analyze?filename=again.wav", content=path.read_bytes(),
                      headers=origin(server))
    job = wait_job(client, res.json()["id"])
    assert job["state"] == "done", job
    rid = job["rehearsal_id"]
    first, _ = uploaded
    pair = client.get(f"/compare.json?a={first}&b={rid}").json()
    assert (pair["a"]["id"], pair["b"]["id"]) == (first, rid)
    assert pair["a"]["audio_url"] and pair["b"]["audio_url"]  # both playable
    assert {m["metric"] for m in pair["metrics"]} >= {"wpm", "fillers_per_min"}
    assert [d["op"] for d in pair["diff"]] == ["equal"]  # the same answer twice
    assert client.get(f"/compare?a={first}&b={rid}").status_code == 200
    assert client.get("/compare.json?a=1").json()["error"].startswith("compare needs two")
    audio = client.get(f"/rehearsals/{rid}.json").json()["audio"]["path"]
    assert os.path.isfile(audio)
    res = client.delete(f"/rehearsals/{rid}", headers=origin(server))
    assert res.status_code == 200 and res.json() == {"deleted": rid}
    assert not os.path.exists(audio)
    assert client.get(f"/rehearsals/{rid}.json").status_code == 404
    assert client.delete(f"/rehearsals/{rid}", headers=origin(server)).status_code == 404


# -- the command -------------------------------------------------------------------------------

def test_non_loopback_host_warns(tmp_path):
    s = Studio(env={"REHEARSE_HOME": str(tmp_path)}, args=("--host", "0.0.0.0"))
    try:
        time.sleep(0.5)
        assert s.url.startswith("http://127.0.0.1:")
        assert httpx.get(s.url).status_code in (200, 303)
    finally:
        s.close()
    assert any("Warning: listening on 0.0.0.0" in line for line in s.stderr), s.stderr


def test_without_the_extra_one_line_hint():
    code = ("import sys; sys.modules['starlette'] = None; sys.argv = ['rehearse', 'studio']\n"
            "from rehearse.cli import main\nmain()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Error: the studio needs its extra: pip install 'rehearse[studio]'"


# -- hostile text --------------------------------------------------------------------------------

def hostile_upload(client, server, answer, tmp_path) -> int:
    """The first 8 s of the answer, uploaded with a question built to take a page over."""
    import soundfile as sf

    y, sr = sf.read(str(answer[0]), dtype="float32")
    clip = tmp_path / "clip.wav"
    sf.write(clip, y[: 8 * sr], sr)
    res = client.post("/api/analyze", params={"filename": "clip.wav", "question": HTML_QUESTION},
                      content=clip.read_bytes(), headers=origin(server))
    job = wait_job(client, res.json()["id"])
    assert job["state"] == "done", job
    return job["rehearsal_id"]


def test_hostile_question_is_data_never_markup_or_controls(server, client, home, answer, tmp_path):
    from urllib.parse import quote

    rid = hostile_upload(client, server, answer, tmp_path)
    out = tmp_path / "shared.html"
    proc = run_cli("show", str(rid), "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    bodies = {path: client.get(path).text for path in (
        f"/rehearsals/{rid}.json", "/rehearsals.json", f"/rehearsals.json?question={quote(HTML_QUESTION)}",
        f"/progress.json?question={quote(HTML_QUESTION)}", "/export.json", f"/rehearsals/{rid}",
        f"/rehearsals/{rid}/report.html")}
    bodies["show --html"] = out.read_text()
    for where, body in bodies.items():
        assert not [ch for ch in UNSAFE if ch in body], where
    # The same data once parsed: the question as the user stored it.
    assert client.get(f"/rehearsals/{rid}.json").json()["question"] == HTML_QUESTION
    assert [r["id"] for r in json.loads(bodies["/rehearsals.json?question=" + quote(HTML_QUESTION)])
            ["rehearsals"]] == [rid]
    for shared in (bodies[f"/rehearsals/{rid}/report.html"], bodies["show --html"]):
        # It stands only inside the embedded JSON, where no "<" can end the script or open a tag.
        assert "<b>" not in shared and shared.count("</script>") == shared.count("<script")
        embedded = shared.split('id="twin-data">', 1)[1].split("</script>", 1)[0]
        assert json.loads(embedded)["question"] == HTML_QUESTION
