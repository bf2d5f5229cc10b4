// The report page: audio with waveform and regions, the transcript that plays where clicked,
// metric cards, tips, what went well and the comparison with the history.
"use strict";

const INLINE_PAUSE_S = 0.5; // as the terminal report: shorter pauses are natural breathing
const HESITATIONS = ["um", "uh", "er", "erm", "ah", "hmm"];
const { el } = R;

function playFrom(player, seconds) {
  player.currentTime = Math.max(0, seconds);
  const p = player.play();
  if (p && p.catch) p.catch(() => {}); // autoplay refused: the position is still set
}

function transcript(data, player) {
  const box = document.getElementById("transcript");
  const words = data.transcript.words;
  const fillerAt = new Map();
  for (const f of data.fillers.items) {
    if (f.word_index === null || f.word_index === undefined) continue;
    const n = f.text.split(" ").length;
    for (let k = 0; k < n; k++) fillerAt.set(f.word_index + k, { filler: f, first: k === 0, n });
  }
  const marks = [
    ...data.pauses.items.filter(p => p.duration_s >= INLINE_PAUSE_S).map(p => ({
      at: p.start_s, node: el("button", { class: "pause", type: "button",
        dataset: { start: p.start_s, end: p.end_s },
        "aria-label": `pause of ${p.duration_s.toFixed(1)} seconds at ${R.clock(p.start_s)}` },
        `[${p.duration_s.toFixed(1)}\u00a0s]`) })),
    ...data.fillers.items.filter(f => f.word_index === null || f.word_index === undefined).map(f => ({
      at: f.start_s, node: el("button", { class: "filler", type: "button",
        dataset: { start: f.start_s, end: f.end_s, kind: f.text },
        "aria-label": `filler ${f.text}, heard but not transcribed, at ${R.clock(f.start_s)}` },
        `(${f.text})`) })),
  ].sort((a, b) => a.at - b.at);
  const spans = [];
  let mi = 0;
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    const hit = fillerAt.get(i);
    // A written filler stands where its sound was measured (as in the terminal report).
    const at = hit ? hit.filler : w;
    while (mi < marks.length && marks[mi].at <= (at.start_s + at.end_s) / 2) {
      box.append(marks[mi++].node, " ");
    }
    if (hit && hit.first) {
      const f = hit.filler;
      const text = words.slice(i, i + hit.n).map(x => x.text).join(" ");
      const b = el("button", { class: "filler", type: "button",
        dataset: { start: f.start_s, end: f.end_s, kind: f.text, i },
        "aria-label": `filler ${f.text} at ${R.clock(f.start_s)}` }, text);
      for (let k = 0; k < hit.n; k++) spans.push({ node: b, start: words[i + k].start_s });
      box.append(b, " ");
      i += hit.n;
      continue;
    }
    const s = el("span", { class: "word", dataset: { start: w.start_s, end: w.end_s, i } }, w.text);
    spans.push({ node: s, start: w.start_s });
    box.append(s, " ");
    i++;
  }
  while (mi < marks.length) box.append(marks[mi++].node, " ");
  box.addEventListener("click", e => {
    const t = e.target.closest("[data-start]");
    if (t) playFrom(player, parseFloat(t.dataset.start));
  });
  return spans;
}

function followPlayback(player, spans) {
  let current = null;
  const tick = () => {
    const t = player.currentTime;
    let lo = 0, hi = spans.length - 1, found = -1;
    while (lo <= hi) { // the last word that started at or before t
      const mid = (lo + hi) >> 1;
      if (spans[mid].start <= t + 0.02) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const node = found >= 0 ? spans[found].node : null;
    if (node !== current) {
      if (current) current.classList.remove("now");
      if (node) node.classList.add("now");
      current = node;
    }
    if (!player.paused) requestAnimationFrame(tick);
  };
  player.addEventListener("play", () => requestAnimationFrame(tick));
  player.addEventListener("seeked", tick);
  player.addEventListener("timeupdate", tick);
}

function fillerKeys(player) {
  // Left/right arrows move between fillers (and play each), unless typing or in the player.
  document.addEventListener("keydown", e => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    if (e.target.closest && e.target.closest("input, select, textarea, audio")) return;
    const fillers = [...document.querySelectorAll("#transcript button.filler")];
    if (!fillers.length) return;
    e.preventDefault();
    const at = fillers.indexOf(document.activeElement);
    let next;
    if (at >= 0) next = at + (e.key === "ArrowRight" ? 1 : -1);
    else {
      const t = player.currentTime;
      next = e.key === "ArrowRight" ? fillers.findIndex(f => +f.dataset.start > t + 0.05)
        : fillers.map(f => +f.dataset.start < t - 0.05).lastIndexOf(true);
    }
    next = Math.min(Math.max(next, 0), fillers.length - 1);
    fillers[next].focus();
    playFrom(player, parseFloat(fillers[next].dataset.start));
  });
}

function waveform(data, player) {
  if (!window.WaveSurfer || !data.rehearsal.audio_url) return;
  const regions = WaveSurfer.Regions.create();
  // With the server's peaks the browser draws at once instead of fetching and decoding the
  // whole file. They go in the options: WaveSurfer loads the media's source itself when
  // created, and a later load() would race with it.
  const w = data.waveform;
  const ws = WaveSurfer.create({
    container: "#waveform", media: player, height: 96, waveColor: "#8a94a6",
    progressColor: "#2457c5", cursorColor: "#1d2330", normalize: true, plugins: [regions],
    url: data.rehearsal.audio_url, peaks: w ? [w.peaks] : undefined, duration: w ? w.duration_s : undefined,
  });
  ws.on("decode", () => {
    for (const p of data.pauses.items) {
      regions.addRegion({ start: p.start_s, end: p.end_s, color: "rgba(80,160,230,0.28)",
        content: p.duration_s >= 1.0 ? `${p.duration_s.toFixed(1)}\u00a0s` : undefined,
        drag: false, resize: false, id: `pause-${p.start_s}` });
    }
    for (const f of data.fillers.items) {
      regions.addRegion({ start: f.start_s, end: Math.max(f.end_s, f.start_s + 0.05),
        color: "rgba(240,180,0,0.45)", content: f.text, drag: false, resize: false,
        id: `filler-${f.start_s}` });
    }
    window.studioTimes.waveform = Date.now(); // read by benchmarks/studio.py
    document.getElementById("waveform").dataset.ready = "1";
    document.getElementById("waveform").dataset.regions = regions.getRegions().length;
  });
  regions.on("region-clicked", (region, e) => { e.stopPropagation(); playFrom(player, region.start); });
  window.studioWaveSurfer = ws;
}

function card(title, value, target, verdict, id) {
  return el("div", { class: "card", id: `card-${id}` }, el("h3", {}, title),
    el("div", { class: "value" }, value), el("div", { class: "target" }, target, " ",
      verdict ? R.verdict(verdict) : null));
}

function cards(data) {
  const { pace: p, pauses: pz, fillers: f, rambling: rb, delivery: d } = data;
  const box = document.getElementById("cards");
  const [lo, hi] = p.target_wpm;
  const fillerTarget = (data.targets.fillers_per_min || [0, 3])[1];
  const [llo, lhi] = rb.target_length_s;
  const kinds = Object.entries(f.by_kind).map(([k, n]) => `${k} ×${n}`).join(", ");
  box.append(
    card("Pace", `${p.wpm.toFixed(0)} wpm`, `target ${lo}–${hi} wpm:`, p.verdict, "pace"),
    card("Fillers", el("span", {}, el("span", { id: "filler-count" }, f.count), ` (${f.per_minute.toFixed(1)}/min)`),
      `target at most ${fillerTarget} a minute${kinds ? "; " + kinds : ""}`,
      f.per_minute <= fillerTarget ? "on target" : "above target", "fillers"),
    card("Pauses", `${pz.count} (${pz.per_minute.toFixed(1)}/min)`,
      `${pz.long_count} of 1 s+, ${pz.very_long_count} of 2 s+, longest ${pz.longest_s.toFixed(1)} s`,
      null, "pauses"),
    card("Length", R.clock(rb.length_s, false), `target ${llo}–${lhi} s:`, rb.length_verdict, "length"),
    card("Words", el("span", { id: "word-count" }, data.word_count), "fillers excluded", null, "words"),
    card("Structure", `${rb.sentence_count} sentences`,
      `mean ${rb.mean_sentence_words.toFixed(0)} words, longest ${rb.longest_sentence_words}; ` +
      `${rb.run_on_sentences.length} run-on; ${rb.hedges.length} hedges, ${rb.restarts.length} restarts` +
      (rb.time_to_point_s !== null ? `; to the point in ${rb.time_to_point_s.toFixed(0)} s` : ""),
      null, "structure"),
    card("Delivery", d.pitch_variation_semitones === null ? "–" : `${d.pitch_variation_semitones.toFixed(1)} st`,
      (d.pitch_variation_semitones === null ? "too little voiced speech to judge" :
        `pitch variation: ${d.monotone ? "monotone" : "lively"}`) +
      (d.loudness_db === null ? "" : `; volume ${d.loudness_db.toFixed(0)} dBFS, ${d.uneven_volume ? "uneven" : "steady"}`),
      null, "delivery"),
  );
}

function tips(data, player) {
  const list = document.getElementById("tips");
  if (!data.feedback.length) list.append(el("li", {}, "Nothing stands out: this answer is on target on every measure."));
  for (const tip of data.feedback) {
    const q = tip.evidence;
    list.append(el("li", { class: "tip" }, tip.message, q ? el("br") : null,
      q ? el("button", { class: "quote", type: "button", dataset: { start: q.start_s },
        onclick: () => playFrom(player, q.start_s) }, `at ${R.clock(q.start_s)}: “${q.text}” ▶`) : null));
  }
  const praise = document.getElementById("praise");
  for (const s of data.encouragement) praise.append(el("li", {}, s));
  if (!data.encouragement.length) praise.append(el("li", { class: "muted" }, "Keep rehearsing: what goes well will show here."));
}

const PART_NAMES = { situation: "situation", task: "task", action: "action", result: "result",
  now: "present", past: "past", future: "future", other: "other" };

function content(data, player) {
  // What the answer says: talking points, structure, substance and ending, as the terminal.
  const c = data.content;
  const box = document.getElementById("content");
  if (!c) { box.closest("section").remove(); return; }
  if (c.points.length) {
    box.append(el("h3", {}, `Talking points: ${c.points_covered} of ${c.points.length} covered`));
    box.append(el("ul", { id: "points" }, c.points.map(p => el("li", {},
      R.verdict(p.covered ? "covered" : "missed"), " ", p.text,
      p.covered && p.start_s !== null ? el("span", {}, " ", el("button", { class: "quote", type: "button",
        dataset: { start: p.start_s }, onclick: () => playFrom(player, p.start_s) },
        `at ${R.clock(p.start_s)}: “${p.quote}” ▶`)) : null))));
  }
  const s = c.structure, sub = c.substance, e = c.ending;
  const rows = [];
  if (["behavioural", "about_you", "motivation"].includes(s.kind)) {
    const shares = Object.entries(s.share_of_time).map(([k, v]) => `${PART_NAMES[k] || k} ${Math.round(v * 100)}%`).join(" / ");
    rows.push([`structure (${s.kind === "behavioural" ? "STAR" : "arc"})`,
      s.missing.length ? "missing " + s.missing.join(", ") : "complete", shares]);
  }
  if (s.kind === "behavioural") {
    rows.push(["result", c.no_result ? "none" : s.result_has_number ? "with a figure" : "no figure", ""]);
    rows.push(["I / we in the action", `${s.i_count} / ${s.we_count}`, c.mostly_we ? "mostly we" : ""]);
  }
  rows.push(["opening", s.opening_answers ? "answers" : "warms up", s.opening || ""]);
  rows.push(["concreteness", `${Math.round(sub.concreteness * 100)}%`,
    `${sub.figures} figures, ${sub.names} names${sub.has_example ? "" : "; no specific example"}`]);
  rows.push(["ending", e.trails_off ? "trails off" : "lands", e.quote ? `“${e.quote.text}”` : (s.conclusion || "")]);
  box.append(el("div", { class: "table-wrap" }, el("table", { id: "content-table" },
    el("thead", {}, el("tr", {}, el("th", {}, "measure"), el("th", {}, "value"), el("th", {}, "note"))),
    el("tbody", {}, rows.map(r => el("tr", {}, r.map(x => el("td", {}, x))))))));
  const parts = s.sentences.filter(x => x.label !== "other");
  if (parts.length) {
    box.append(el("h3", {}, "The answer, part by part"));
    box.append(el("ol", { class: "parts" }, parts.map(x => el("li", {},
      el("strong", {}, (PART_NAMES[x.label] || x.label) + ": "),
      el("button", { class: "quote", type: "button", dataset: { start: x.start_s },
        onclick: () => playFrom(player, x.start_s) }, `${x.text} ▶`)))));
  }
}

function history(data) {
  const box = document.getElementById("history");
  const h = data.history;
  if (!h) { box.append(el("p", { class: "muted" }, "The history could not be read.")); return; }
  if (!h.metrics.length) {
    box.append(el("p", {}, "This is your first rehearsal: the next ones will be compared with it."));
    return;
  }
  const same = h.same_question_count ? `, ${h.same_question_count} of this question` : "";
  box.append(el("p", {}, `Against ${h.earlier_count} earlier rehearsal${h.earlier_count === 1 ? "" : "s"}${same}.`));
  const labels = data.metric_labels;
  const digits = m => (["wpm", "length_s", "run_on_count", "hedge_count", "time_to_point_s"].includes(m) ? 0 : 1);
  const rows = h.metrics.map(m => el("tr", {},
    el("td", {}, m.label), ...[m.value, m.usual, m.best, m.last_same_question].map(v =>
      el("td", { class: "num" }, R.fmt(v, digits(m.metric), labels[m.metric].unit))),
    el("td", {}, R.verdict(["better", "worse"].includes(m.versus_usual) ? m.versus_usual : "as usual"),
      m.personal_best ? el("strong", {}, ", personal best ★") : null)));
  box.append(el("table", {}, el("thead", {}, el("tr", {}, ...["metric", "now", "your usual", "best",
    "last time, this question", ""].map((t, k) => el("th", { class: k && k < 5 ? "num" : "" }, t)))),
    el("tbody", {}, rows)));
}

function actions(data) {
  const box = document.getElementById("actions");
  const id = data.rehearsal.id;
  box.append(el("a", { class: "button", href: `/rehearsals/${id}/report.html`, download: `rehearsal-${id}.html` },
    "Save as one HTML file (to share)"));
  if (data.history && data.history.metrics.length)
    box.append(el("a", { class: "button", href: `/rehearsals?compare=${id}` }, "Compare with another attempt"));
}

async function main() {
  const page = document.getElementById("report");
  let data;
  try { data = await R.twin(); } catch (e) { R.message(e.message); page.setAttribute("aria-busy", "false"); return; }
  if (R.shared()) document.querySelectorAll(".studio-only").forEach(n => n.remove());
  document.title = `Report ${data.rehearsal.id} – rehearse`;
  R.text(document.getElementById("question"), data.question || "Rehearsal " + data.rehearsal.id);
  R.text(document.getElementById("meta"),
    `Rehearsal ${data.rehearsal.id}, ${R.date(data.created_at)} UTC, ${R.clock(data.audio.duration_s)} long, model ${data.model}`);
  const player = document.getElementById("player");
  if (data.rehearsal.audio_url) {
    player.src = data.rehearsal.audio_url;
  } else {
    document.getElementById("audio-note").textContent =
      "The audio of this rehearsal is not in the data directory, so it cannot be played here.";
    player.hidden = true;
  }
  if (!data.speech_found) {
    R.message("No speech was found in this recording: it is silent or holds only noise.", "info");
  } else {
    const spans = transcript(data, player);
    followPlayback(player, spans);
    fillerKeys(player);
    cards(data);
    tips(data, player);
    content(data, player);
  }
  history(data);
  if (!R.shared()) actions(data);
  page.setAttribute("aria-busy", "false");
  window.studioTimes = { ready: Date.now() };
  page.dataset.ready = "1";
  waveform(data, player);
}

main();
