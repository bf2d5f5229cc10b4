// Two attempts side by side: each playable, their metrics and a word diff.
"use strict";

const { el } = R;

function side(tag, r) {
  return el("div", { class: "panel" }, el("h2", {}, `${tag}: rehearsal ${r.id}`),
    el("p", {}, el("a", { href: `/rehearsals/${r.id}` }, r.question || "(no question)")),
    el("p", { class: "muted" }, R.date(r.created_at) + " UTC"),
    r.audio_url ? el("audio", { controls: true, preload: "metadata", src: r.audio_url }) :
      el("p", { class: "muted" }, "Audio not in the data directory."));
}

async function main() {
  const page = document.getElementById("page");
  let data;
  try { data = await R.twin(); } catch (e) { R.message(e.message); return; }
  document.getElementById("sides").append(side("A", data.a), side("B", data.b));
  const body = document.querySelector("#metrics tbody");
  for (const m of data.metrics) {
    body.append(el("tr", {}, el("td", {}, m.label), el("td", { class: "num" }, R.fmt(m.a, 1)),
      el("td", { class: "num" }, R.fmt(m.b, 1)),
      el("td", { class: "num" }, m.change === null ? "–" : (m.change > 0 ? "+" : "") + m.change.toFixed(1)),
      el("td", {}, ["better", "worse"].includes(m.verdict) ? R.verdict(m.verdict) : "")));
  }
  const diff = document.getElementById("diff");
  for (const part of data.diff) {
    if (part.op === "equal") { diff.append(part.a, " "); continue; }
    if (part.a) diff.append(el("del", {}, part.a), " ");
    if (part.b) diff.append(el("ins", {}, part.b), " ");
  }
  page.setAttribute("aria-busy", "false");
  page.dataset.ready = "1";
}

main();
