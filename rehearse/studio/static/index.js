// The rehearse page: pick a question and a microphone, record (the server records, as
// `rehearse record` does), or drop a file to analyse; the report page follows.
"use strict";

const { el } = R;
const $ = id => document.getElementById(id);
let recording = false;
let busy = false;

function question() {
  return $("question").value.trim() || $("question-pick").value;
}

async function loadQuestions(data) {
  const pick = $("question-pick");
  pick.innerHTML = "";
  pick.append(el("option", { value: "" }, "Choose a question…"));
  const groups = new Map();
  for (const q of data.questions) {
    if (!groups.has(q.group)) groups.set(q.group, el("optgroup", { label: q.group }));
    groups.get(q.group).append(el("option", { value: q.text }, q.text));
  }
  pick.append(...groups.values());
  R.text($("own-questions"), `Your own questions go in ${data.own_questions_file}, one a line.`);
}

async function loadDevices() {
  try {
    const devices = await R.api("GET", "/api/devices");
    const sel = $("device");
    sel.innerHTML = "";
    for (const d of devices) {
      sel.append(el("option", { value: d.name, selected: d.is_default },
        `${d.name}${d.is_default ? " (default)" : ""}`));
    }
    if (!devices.length) sel.append(el("option", { value: "" }, "No microphone found"));
  } catch (e) {
    $("device").innerHTML = "";
    $("device").append(el("option", { value: "" }, "Microphones unavailable"));
    R.message(e.message);
  }
}

async function startRecording() {
  if (recording || busy) return;
  const q = question();
  if (!q) { R.message("Pick a question or type one first."); $("question-pick").focus(); return; }
  busy = true;
  R.message("");
  try {
    await R.api("POST", "/api/record/start", { question: q, device: $("device").value || null });
    recording = true;
    $("record").disabled = true;
    $("stop").disabled = false;
    $("stop").focus();
    $("live").hidden = false;
    $("state").textContent = "Recording";
  } catch (e) {
    R.message(e.message);
  } finally {
    busy = false;
  }
}

async function stopRecording() {
  if (!recording || busy) return;
  busy = true;
  $("stop").disabled = true;
  $("state").textContent = "Making your report…";
  window.studioStopAt = performance.now();
  try {
    const done = await R.api("POST", "/api/record/stop");
    sessionStorage.setItem("studioStopAt", String(Date.now() - (performance.now() - window.studioStopAt)));
    sessionStorage.setItem("studioReportS", String(done.report_s)); // read by benchmarks/studio.py
    location.href = `/rehearsals/${done.rehearsal_id}`;
  } catch (e) {
    recording = false;
    $("record").disabled = false;
    $("live").hidden = true;
    R.message(e.message);
  } finally {
    busy = false;
  }
}

function showStatus(s) {
  if (s.state === "recording") {
    recording = true;
    $("live").hidden = false;
    $("record").disabled = true;
    $("stop").disabled = busy;
    $("timer").textContent = R.clock(s.elapsed_s, false);
    $("limit").textContent = `of at most ${R.clock(s.max_seconds, false)}`;
    const pct = Math.max(0, Math.min(100, (s.rms_db + 60) / 60 * 100));
    $("meter-bar").style.width = pct + "%";
    $("meter").setAttribute("aria-valuenow", s.rms_db);
    $("level-hint").textContent = s.hint ? "⚠ " + s.hint : "Level fine.";
    R.text($("live-words"), $("show-words").checked && s.words ? s.words.join(" ") : "");
  } else if (s.state === "analysing") {
    $("state").textContent = "Making your report…";
  } else if (recording && !busy && s.result) {
    // Stopped by the time limit or a device failure, not by this page.
    recording = false;
    if (s.result.rehearsal_id) location.href = `/rehearsals/${s.result.rehearsal_id}`;
    else { R.message(s.result.error); $("record").disabled = false; $("live").hidden = true; }
  }
}

function connect() {
  const ws = new WebSocket(`ws://${location.host}/ws`);
  ws.onmessage = e => showStatus(JSON.parse(e.data));
  ws.onclose = () => setTimeout(connect, 1000);
}

function upload(file) {
  R.message("");
  $("upload-progress").hidden = false;
  R.text($("upload-stage"), `Uploading ${file.name}…`);
  const bar = $("upload-bar");
  const params = new URLSearchParams({ filename: file.name });
  if (question()) params.set("question", question());
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/analyze?" + params);
  xhr.upload.onprogress = e => { if (e.lengthComputable) bar.value = 0.3 * e.loaded / e.total; };
  xhr.onload = () => {
    let data = {};
    try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
    if (xhr.status !== 202) { failed(data.error || `upload failed (${xhr.status})`); return; }
    follow(data.id);
  };
  xhr.onerror = () => failed("the upload did not reach the studio");
  xhr.send(file);
}

function failed(text) {
  $("upload-progress").hidden = true;
  R.message(text);
}

async function follow(jobId) {
  const bar = $("upload-bar");
  for (;;) {
    let job;
    try { job = await R.api("GET", `/api/jobs/${jobId}`); } catch (e) { failed(e.message); return; }
    if (job.state === "done") { location.href = `/rehearsals/${job.rehearsal_id}`; return; }
    if (job.state === "error") { failed(job.error); return; }
    bar.value = 0.3 + 0.7 * (job.stage === "transcribing" ? job.share : job.state === "running" ? 0.02 : 0);
    $("upload-stage").textContent = job.state === "queued" ? "Waiting for the analysis before it…"
      : `${job.stage[0].toUpperCase()}${job.stage.slice(1)}…`;
    await new Promise(r => setTimeout(r, 200));
  }
}

function wire() {
  $("record").addEventListener("click", startRecording);
  $("stop").addEventListener("click", stopRecording);
  $("random-question").addEventListener("click", async () => {
    try {
      const q = await R.api("GET", "/api/questions?random=1");
      $("question").value = "";
      $("question-pick").value = q.text;
    } catch (e) { R.message(e.message); }
  });
  document.addEventListener("keydown", e => {
    if (e.code !== "Space" || e.target.closest("input, select, textarea, button, a")) return;
    e.preventDefault();
    recording ? stopRecording() : startRecording();
  });
  // Space on the Record/Stop buttons themselves presses them: the browser's own behaviour.
  const zone = $("dropzone");
  zone.addEventListener("dragover", e => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", e => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
  });
  $("file").addEventListener("change", e => { if (e.target.files.length) upload(e.target.files[0]); });
}

async function main() {
  wire();
  try { await loadQuestions(await R.twin()); } catch (e) { R.message(e.message); }
  loadDevices();
  connect();
  document.body.dataset.ready = "1";
}

main();
