"""No network: rehearse never opens a socket off this machine, with tiny.en or with base.

Two proofs, in one run of each command. In-process: it runs under an audit hook
(``sys.addaudithook``) that records each socket creation, connect, bind, send and name lookup
Python makes; only Unix sockets and loopback may appear. From outside: it runs in a network
namespace whose only interface is loopback (``unshare -n``), where any attempt to reach
further fails (where the machine allows no namespace, the hook alone is the proof).
``HF_HUB_OFFLINE`` is removed from the environment: rehearse must be offline by itself.

The studio is a server, so it must make network sockets: there the hook lets it create them
and checks that its one bind is to loopback and that no connect, send or lookup goes further.
A client beside it (not audited, in the same namespace) uploads an answer and reads the
history and the shared report over real HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings

import pytest
import soundfile as sf

from tests.test_record import SR, mic  # noqa: F401  (the virtual microphone fixture)

AUDITED = r"""
import json, os, signal, socket, sys

events = []
binds = []
# The studio listens: it may create internet sockets (its listener and the connections it
# accepts); every bind, connect, send and lookup is still checked to be loopback.
ALLOW_INET = os.environ.get("AUDIT_ALLOW_INET") == "1"
LOOPBACK = ("127.", "::1", "localhost", "0:0:0:0:0:0:0:1")


def remote(address):
    if isinstance(address, (str, bytes)):  # a Unix socket path
        return False
    host = str(address[0]) if isinstance(address, tuple) and address else str(address)
    return not host.startswith(LOOPBACK)


def hook(event, args):
    if not event.startswith("socket."):
        return
    if event == "socket.__new__":
        family = args[1]
        if family not in (socket.AF_UNIX, -1) and not (
                ALLOW_INET and family in (socket.AF_INET, socket.AF_INET6)):
            events.append([event, int(family)])
    elif event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
        if event == "socket.bind" and not isinstance(args[1], (str, bytes)):
            binds.append(repr(args[1]))
        if remote(args[1]):
            events.append([event, repr(args[1])])
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr", "socket.getnameinfo"):
        if remote((args[0],)):
            events.append([event, repr(args[0])])


sys.addaudithook(hook)


def save():
    with open(os.environ["AUDIT_OUT"], "w") as f:
        json.dump({"events": events, "binds": binds}, f)


import atexit
atexit.register(save)
# atexit does not run when a signal kills the process: the studio is stopped with SIGTERM.
# Saved here, then out at once: a SystemExit raised while the main thread runs an import's
# lock callback is ignored, and the studio, just started, went on serving (CI, once).
def stop(*_):
    save()
    os._exit(0)


signal.signal(signal.SIGTERM, stop)
if sys.argv[1] == "--selfcheck":  # proves the hook sees what it must refuse
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(("192.0.2.1", 9))
    sys.exit(0)
sys.argv = ["rehearse", *sys.argv[1:]]
from rehearse.cli import main
main()
"""

MODELS = ("tiny.en", "base")


def _unshare_works() -> str | None:
    """None if ``unshare -n`` runs here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if done.returncode != 0:
        return f"unshare -n is not allowed here: {done.stderr.strip()}"
    return None


def _in_namespace(cmd: list[str]) -> list[str]:
    # A fresh namespace has loopback down; bring it up so "only loopback" is what remains.
    return ["unshare", "-n", "sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh", *cmd]


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory):
    """The environment the commands run in: no HF_HUB_OFFLINE, base built beforehand."""
    models = tmp_path_factory.mktemp("models")
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    env["REHEARSE_MODELS"] = str(models)
    build = subprocess.run([sys.executable, "-c", "from rehearse.speech.models import "
                            "build_base_model; build_base_model()"], env=env,
                           capture_output=True, text=True, timeout=300)
    if build.returncode != 0:
        pytest.skip(f"the base model cannot be built here: {build.stderr.strip()[-300:]}")
    return env


@pytest.fixture(scope="module")
def short_answer(answer, tmp_path_factory):
    y, sr = sf.read(str(answer[0]), dtype="float32")
    path = tmp_path_factory.mktemp("short") / "answer.wav"
    sf.write(path, y[: 7 * sr], sr)  # long enough to hold speech, pauses and a filler
    return path, y[: 4 * SR]


STUDIO_CLIENT = r"""
import json, signal, subprocess, sys, time

import httpx

audited, audio = sys.argv[1], sys.argv[2]
studio = subprocess.Popen([sys.executable, "-c", audited, "studio", "--no-browser"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
url = studio.stdout.readline().strip()
base = url.split("/?", 1)[0]
out = {"url": url}
try:
    with httpx.Client(base_url=base, timeout=120) as c:
        out["door"] = c.get(url[len(base):]).status_code  # the token becomes a cookie
        with open(audio, "rb") as f:
            job = c.post("/api/analyze", params={"filename": "answer.wav", "question": "Why?"},
                         content=f.read(), headers={"origin": base}).json()
        deadline = time.monotonic() + 240
        while job.get("state") not in ("done", "error", None) and time.monotonic() < deadline:
            time.sleep(0.2)
            job = c.get(f"/api/jobs/{job['id']}").json()
        out["job"] = job
        out["history"] = c.get("/rehearsals.json").json()
        out["page"] = c.get("/rehearsals").status_code
        if job.get("rehearsal_id"):
            out["shared_bytes"] = len(c.get(f"/rehearsals/{job['rehearsal_id']}/report.html").content)
finally:
    studio.send_signal(signal.SIGTERM)
    _, out["stderr"] = studio.communicate(timeout=30)
    out["returncode"] = studio.returncode
print(json.dumps(out))
"""


def _run(args: list[str], env: dict, home, tmp_path, *, namespace: bool, mic=None,
         play=None, allow_inet: bool = False) -> dict:
    """Run ``rehearse ARGS`` under the audit hook; what it saw (``events`` are the faults)."""
    out = tmp_path / "audit.json"
    full = {**env, "REHEARSE_HOME": str(home), "AUDIT_OUT": str(out), **(mic.env if mic else {}),
            "AUDIT_ALLOW_INET": "1" if allow_inet else "0"}
    cmd = [sys.executable, "-c", AUDITED, *args]
    proc = subprocess.Popen(_in_namespace(cmd) if namespace else cmd, env=full, text=True,
                            stdin=subprocess.DEVNULL,  # ignored: the time limit stops `record`
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if play is not None:
        import time

        time.sleep(1.0)  # the recording has started by now (the mic hisses until then)
        mic.play(play)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, (args, stderr)
    assert "Traceback" not in stderr
    return json.loads(out.read_text())


def _studio(env: dict, home, tmp_path, audio, *, namespace: bool) -> dict:
    """The audited studio, and a client beside it (same namespace) that uploads ``audio``."""
    out = tmp_path / "audit.json"
    full = {**env, "REHEARSE_HOME": str(home), "AUDIT_OUT": str(out), "AUDIT_ALLOW_INET": "1"}
    cmd = [sys.executable, "-c", STUDIO_CLIENT, AUDITED, str(audio)]
    done = subprocess.run(_in_namespace(cmd) if namespace else cmd, env=full, text=True,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["returncode"] == 0 and "Traceback" not in seen["stderr"], seen["stderr"]
    assert seen["door"] == 303 and seen["page"] == 200
    assert seen["job"]["state"] == "done", seen["job"]
    assert seen["shared_bytes"] > 100_000  # the report with its audio inside
    seen["audit"] = json.loads(out.read_text())
    return seen


def _commands(model: str, short_answer, tmp_path, home) -> list[tuple[list[str], bool]]:
    with_model = [
        (["analyze", str(short_answer[0]), "--model", model, "--json", "-q", "Why?"], False),
        (["record", "--model", model, "--max-seconds", "5", "--no-countdown", "--json",
          "-q", "Why?"], True),
    ]
    if model != MODELS[0]:
        return with_model
    return with_model + [(["history"], False),
                         (["progress", "--chart", str(home / "progress.png")], False)]


def _assert_studio_stayed_home(seen: dict, rehearsals_before: int) -> None:
    assert seen["audit"]["events"] == [], seen["audit"]
    # Its one bind: the listener, on loopback (a bind to 0.0.0.0 would be an event above).
    assert len(seen["audit"]["binds"]) == 1 and "127.0.0.1" in seen["audit"]["binds"][0]
    assert len(seen["history"]["rehearsals"]) == rehearsals_before + 1


@pytest.mark.parametrize("allow_inet", [False, True], ids=["commands", "studio"])
def test_the_audit_hook_sees_a_remote_connect(allow_inet, offline_env, tmp_path, home):
    seen = _run(["--selfcheck"], offline_env, home, tmp_path, namespace=False,
                allow_inet=allow_inet)
    assert [e[0] for e in seen["events"]][-1:] == ["socket.connect"], seen
    assert "192.0.2.1" in seen["events"][-1][1]


def test_the_audit_hook_flags_a_studio_listening_beyond_loopback(offline_env, tmp_path, home):
    """With the studio's allowance, a listener on every interface is still a fault."""
    out = tmp_path / "audit.json"
    env = {**offline_env, "REHEARSE_HOME": str(home), "AUDIT_OUT": str(out), "AUDIT_ALLOW_INET": "1"}
    proc = subprocess.Popen([sys.executable, "-c", AUDITED, "studio", "--no-browser", "--host",
                             "0.0.0.0"], env=env, text=True, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().startswith("http://127.0.0.1:")  # it listens
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    seen = json.loads(out.read_text())
    assert [e[0] for e in seen["events"]] == ["socket.bind"] and "0.0.0.0" in seen["events"][0][1]


@pytest.mark.parametrize("model", MODELS)
def test_no_socket_but_loopback_and_everything_works_without_network(model, offline_env, short_answer, mic,
                                                                     tmp_path, home):
    """Both proofs in one run of each command: the audit hook inside the namespace (outside
    it where the machine allows no namespace: the hook alone)."""
    why = _unshare_works()
    namespace = why is None
    if why:  # the summary says which proof was not made, as its skip did when it was a test of its own
        warnings.warn(f"no network namespace, the audit hook alone: {why}", stacklevel=1)
    for args, records in _commands(model, short_answer, tmp_path, home):
        seen = _run(args, offline_env, home, tmp_path, namespace=namespace,
                    mic=mic if records else None, play=short_answer[1] if records else None)
        assert seen["events"] == [] and seen["binds"] == [], (args, seen)
    history = json.loads(subprocess.run([sys.executable, "-m", "rehearse", "history", "--json"],
                                        env={**offline_env, "REHEARSE_HOME": str(home)},
                                        capture_output=True, text=True).stdout)
    assert [r["model"] for r in history["rehearsals"]] == [model, model]
    if model == MODELS[0]:  # the studio has no model choice: it uses the default
        assert (home / "progress.png").stat().st_size > 10_000
        seen = _studio(offline_env, home, tmp_path, short_answer[0], namespace=namespace)
        _assert_studio_stayed_home(seen, rehearsals_before=2)
