"""The studio in a real browser: headless Chromium (Debian's) driven by Selenium against a real
`rehearse studio` child process. Upload an answer and read the report in the DOM; history,
progress chart, the self-contained export; then record through the virtual microphone.

One server and one browser for the module, to keep the time small.
"""

from __future__ import annotations

import json
import os
import time

import pytest
import soundfile as sf

from devtools.browser import chromium_missing

missing = chromium_missing()
if missing:
    pytest.skip(f"no browser for the studio tests: {missing}", allow_module_level=True)
pytest.importorskip("starlette", reason="the studio needs its extra (pip install -e '.[studio]')")

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from devtools.browser import Studio, chromium, ink_pixels  # noqa: E402
from tests.conftest import run_cli  # noqa: E402
from tests.studio_fixtures import home, studio_home  # noqa: E402,F401
from tests.test_record import _align, started_mic  # noqa: E402
from tests.virtual_mic import SR, pulseaudio_available  # noqa: E402

MARK_TOLERANCE_S = 0.1  # a pause or filler mark against where the truth puts it
SHOWN_PAUSE_S = 0.6  # the transcript shows pauses of 0.5 s+; one measured 0.49 s would be hidden


@pytest.fixture(scope="module")
def mic(tmp_path_factory):
    """The virtual microphone, when PulseAudio is here; the record test skips without it."""
    if not pulseaudio_available():
        yield None
        return
    vm = started_mic(tmp_path_factory.mktemp("pulse"))
    yield vm
    vm.close()


@pytest.fixture(scope="module")
def server(studio_home, mic):
    env = {"REHEARSE_HOME": str(studio_home), "HF_HUB_OFFLINE": "1", **(mic.env if mic else {})}
    s = Studio(env=env)
    yield s
    s.close()


@pytest.fixture(scope="module")
def browser(server):
    driver = chromium(width=1280, height=1000)
    driver.set_page_load_timeout(60)
    driver.get(server.url)  # the token becomes the cookie
    yield driver
    driver.quit()


def wait_for(driver, css: str, timeout: float = 60):
    return WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, css) and d.find_element(By.CSS_SELECTOR, css))


def twin(driver) -> dict:
    """The page's JSON twin, fetched by the page itself (with its cookie)."""
    return driver.execute_async_script(
        "const done = arguments[0];"
        "fetch(location.pathname + '.json').then(r => r.json()).then(done);")


def marks(driver, css: str) -> list[tuple[float, float]]:
    return [(float(b.get_attribute("data-start")), float(b.get_attribute("data-end")))
            for b in driver.find_elements(By.CSS_SELECTOR, css)]


def assert_report_matches(driver, truth: dict, shift_s: float = 0.0) -> dict:
    """Word count, filler and pause marks of the report in the DOM against the truth."""
    wait_for(driver, "#report[data-ready='1']")
    data = twin(driver)
    words = int(driver.find_element(By.ID, "word-count").text)
    assert abs(words - truth["word_count"]) <= 2, (words, truth["word_count"])
    fillers = marks(driver, "#transcript button.filler")
    hesitations = [(a, b) for a, b, kind in truth["fillers"]]
    assert len(fillers) == len(data["fillers"]["items"]) >= len(hesitations)
    for a, b in hesitations:
        assert any(abs(fa - (a + shift_s)) <= MARK_TOLERANCE_S for fa, _ in fillers), (a, fillers)
    pauses = marks(driver, "#transcript button.pause")
    assert pauses == [(p["start_s"], p["end_s"]) for p in data["pauses"]["items"]
                      if p["duration_s"] >= 0.5]
    for a, b in truth["pauses"]:
        if b - a >= SHOWN_PAUSE_S:
            assert any(abs(pa - (a + shift_s)) <= MARK_TOLERANCE_S
                       and abs(pb - (b + shift_s)) <= MARK_TOLERANCE_S for pa, pb in pauses), \
                ((a, b), pauses)
    wave = wait_for(driver, "#waveform[data-ready='1']", timeout=30)
    assert int(wave.get_attribute("data-regions")) == (len(data["pauses"]["items"])
                                                       + len(data["fillers"]["items"]))
    return data


@pytest.fixture(scope="module")
def uploaded(server, browser, answer):
    path, truth = answer
    browser.get(server.base + "/")
    wait_for(browser, "body[data-ready='1']")
    Select(browser.find_element(By.ID, "question-pick")).select_by_visible_text("Tell me about yourself.")
    browser.find_element(By.ID, "file").send_keys(str(path))
    WebDriverWait(browser, 240).until(lambda d: "/rehearsals/" in d.current_url)
    return int(browser.current_url.rsplit("/", 1)[1]), truth


def test_upload_shows_the_report(browser, uploaded):
    rid, truth = uploaded
    data = assert_report_matches(browser, truth)
    assert browser.find_element(By.ID, "question").text == "Tell me about yourself."
    assert data["rehearsal"]["id"] == rid
    # Fillers and pauses stand in the transcript in the order they were heard.
    starts = [s for s, _ in marks(browser, "#transcript button.filler, #transcript button.pause")]
    assert starts == sorted(starts), starts
    tips = browser.find_elements(By.CSS_SELECTOR, "#tips li")
    assert len(tips) == max(1, len(data["feedback"]))
    # What the answer says (the report's content block), each labelled part playable.
    parts = browser.find_elements(By.CSS_SELECTOR, "#content ol.parts button.quote")
    labelled = [x for x in data["content"]["structure"]["sentences"] if x["label"] != "other"]
    assert [float(b.get_attribute("data-start")) for b in parts] == [x["start_s"] for x in labelled]
    ending = browser.find_element(By.CSS_SELECTOR, "#content-table").text
    assert ("trails off" if data["content"]["ending"]["trails_off"] else "lands") in ending


def test_clicking_a_filler_plays_from_its_start(browser, uploaded):
    filler = browser.find_element(By.CSS_SELECTOR, "#transcript button.filler")
    start = float(filler.get_attribute("data-start"))
    filler.click()
    now = browser.execute_script("return document.getElementById('player').currentTime")
    assert start - 0.01 <= now <= start + 0.3
    # While it plays, the word being spoken is highlighted.
    wait_for(browser, "#transcript .now", timeout=10)
    browser.execute_script("document.getElementById('player').pause()")
    # A pause mark and a tip's quote seek the same way.
    pause = browser.find_element(By.CSS_SELECTOR, "#transcript button.pause")
    pause.click()
    now = browser.execute_script("const p = document.getElementById('player'); p.pause(); return p.currentTime")
    assert float(pause.get_attribute("data-start")) - 0.01 <= now <= float(pause.get_attribute("data-start")) + 0.3
    for quote in browser.find_elements(By.CSS_SELECTOR, "#tips button.quote"):
        quote.click()
        now = browser.execute_script("const p = document.getElementById('player'); p.pause(); return p.currentTime")
        assert float(quote.get_attribute("data-start")) - 0.01 <= now <= float(quote.get_attribute("data-start")) + 0.3


def test_arrow_keys_move_between_fillers(browser, uploaded):
    browser.execute_script("const p = document.getElementById('player'); p.pause(); p.currentTime = 0;"
                           "document.activeElement.blur()")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    first = browser.find_element(By.CSS_SELECTOR, "#transcript button.filler")
    assert browser.switch_to.active_element == first
    now = browser.execute_script("const p = document.getElementById('player'); p.pause(); return p.currentTime")
    assert abs(now - float(first.get_attribute("data-start"))) <= 0.3


def test_history_lists_it_and_progress_is_drawn(server, browser, uploaded):
    rid, _ = uploaded
    browser.get(server.base + "/rehearsals")
    wait_for(browser, "#page[data-ready='1']")
    rows = browser.find_elements(By.CSS_SELECTOR, "#rehearsals tbody tr")
    assert [r.get_attribute("data-id") for r in rows] == [str(rid)]
    assert "Tell me about yourself." in rows[0].text
    browser.get(server.base + "/progress")
    wait_for(browser, "#page[data-ready='1']")
    charts = browser.find_elements(By.CSS_SELECTOR, "#charts .chart")
    assert len(charts) >= 4
    assert ink_pixels(browser, "#charts .chart canvas") > 500  # the series and the target band


def test_readable_at_double_zoom(server, browser, uploaded):
    """At 200 % zoom a 1280-px window is 640 CSS px wide: no page may need sideways scrolling
    (a wide table scrolls inside its own box)."""
    rid, _ = uploaded
    browser.set_window_size(640, 900)
    try:
        for path, ready in (("/", "body[data-ready='1']"), (f"/rehearsals/{rid}", "#report[data-ready='1']"),
                            ("/rehearsals", "#page[data-ready='1']"), ("/progress", "#page[data-ready='1']")):
            browser.get(server.base + path)
            wait_for(browser, ready)
            wide, window = browser.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert wide <= window, (path, wide, window)
    finally:
        browser.set_window_size(1280, 1000)


def test_bad_upload_is_a_message_in_the_page(server, browser, tmp_path, home):
    bad = tmp_path / "not-audio.wav"
    bad.write_text("this is a shopping list, not a recording\n" * 50)
    browser.get(server.base + "/")
    wait_for(browser, "body[data-ready='1']")
    before = run_cli("history", "--json")
    browser.find_element(By.ID, "file").send_keys(str(bad))
    message = WebDriverWait(browser, 60).until(
        lambda d: d.find_element(By.ID, "message").is_displayed() and d.find_element(By.ID, "message"))
    assert message.text.startswith("not-audio.wav: ")
    assert "Traceback" not in message.text and len(message.text.splitlines()) == 1
    assert browser.current_url.rstrip("/") == server.base
    assert run_cli("history", "--json").stdout == before.stdout  # nothing saved


def test_html_export_opens_offline(browser, uploaded, tmp_path, home):
    rid, truth = uploaded
    out = tmp_path / "shared.html"
    proc = run_cli("show", str(rid), "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    browser.get(out.as_uri())
    wait_for(browser, "#report[data-ready='1']")
    words = int(browser.find_element(By.ID, "word-count").text)
    assert abs(words - truth["word_count"]) <= 2
    src = browser.execute_script("return document.getElementById('player').src")
    assert src.startswith("data:audio/wav;base64,")
    wait_for(browser, "#waveform[data-ready='1']", timeout=30)
    assert not browser.find_elements(By.CSS_SELECTOR, "header.top")  # no links back to a server


def test_record_in_the_page(server, browser, mic, answer):
    if mic is None:
        pytest.skip("pulseaudio is not installed (run scripts/setup.sh --test)")
    path, truth = answer
    y, sr = sf.read(str(path), dtype="float32")
    assert sr == SR
    browser.get(server.base + "/")
    wait_for(browser, "body[data-ready='1']")
    # The list is refilled as the devices are polled: an option read as it goes is stale.
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "pulse" in [o.get_attribute("value") for o in Select(d.find_element(By.ID, "device")).options])
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: Select(d.find_element(By.ID, "device")).select_by_value("pulse") or True)
    browser.find_element(By.ID, "question").send_keys("Why do you want this job?")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)  # space starts
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "live").is_displayed())
    # Only the room's hiss so far (-60 dBFS): the meter says so, kindly.
    WebDriverWait(browser, 15).until(
        lambda d: "too quiet" in d.find_element(By.ID, "level-hint").text)
    mic.play(y)
    mic.wait_done(timeout=len(y) / SR + 30)
    time.sleep(1.0)
    said = {w.strip(".,?!").lower() for w in truth["text"].split()}
    live = WebDriverWait(browser, 30).until(  # the latest words heard, over the WebSocket
        lambda d: d.find_element(By.ID, "live-words").text.split()[-5:])
    assert sum(w.strip(".,?!").lower() in said for w in live) >= 4, live
    level = browser.find_element(By.ID, "meter").get_attribute("aria-valuenow")
    assert level is not None and float(level) > -90
    assert browser.find_element(By.ID, "timer").text != "0:00"
    browser.find_element(By.ID, "stop").click()
    WebDriverWait(browser, 120).until(lambda d: "/rehearsals/" in d.current_url)
    wait_for(browser, "#report[data-ready='1']")
    data = twin(browser)
    recorded, _ = sf.read(data["audio"]["path"], dtype="float32")
    shift = _align(recorded, y) / SR
    assert 1.0 <= shift <= 10.0  # the hiss before the answer
    assert_report_matches(browser, truth, shift_s=shift)
    assert data["question"] == "Why do you want this job?"
    assert os.path.dirname(data["audio"]["path"]).endswith("recordings")


def test_hostile_question_is_shown_as_written_never_acted_on(server, browser, answer, tmp_path, home):
    """The page draws user text with visible escapes for controls and bidi overrides, and
    never as markup: in the studio and in the shared file opened offline."""
    import httpx

    from tests.test_studio_http import HTML_QUESTION, hostile_upload
    from tests.test_terminal_safety import UNSAFE

    with httpx.Client(base_url=server.base, timeout=120) as client:
        client.get(server.url.replace(server.base, ""))  # the token becomes a cookie
        rid = hostile_upload(client, server, answer, tmp_path)
    shown = "Hi\\x1b[31m [bold]x[/] \\x07\\u202eok <b>bold</b> </script><!-- <script>"
    out = tmp_path / "shared.html"
    assert run_cli("show", str(rid), "--html", str(out)).returncode == 0
    for url, ready in ((f"{server.base}/rehearsals/{rid}", "#report[data-ready='1']"),
                       (out.as_uri(), "#report[data-ready='1']"),
                       (f"{server.base}/rehearsals", "main[data-ready='1']")):
        browser.get(url)
        wait_for(browser, ready, timeout=20)
        text = browser.execute_script("return document.body.innerText")
        assert not [ch for ch in UNSAFE if ch in text], url
        assert shown in text, url
        assert not browser.find_elements(By.CSS_SELECTOR, "main b, main script:not([src])"), url
        labels = browser.execute_script(
            "return [...document.querySelectorAll('[aria-label],[title],[label]')].map("
            "n => n.getAttribute('aria-label') + n.title + (n.getAttribute('label') || '')).join()")
        assert not [ch for ch in UNSAFE if ch in labels], url
    assert HTML_QUESTION in browser.execute_script(  # the filter still sends the stored text
        "return [...document.querySelectorAll('option')].map(o => o.value).join('|')")
