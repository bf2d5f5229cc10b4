// Progress: one uPlot chart per key metric with its target band, and the table.
"use strict";

const { el } = R;
const DIGITS = { wpm: 0, length_s: 0, run_on_count: 0, hedge_count: 0, time_to_point_s: 0 };

function band(target) {
  // Drawn under the series: the target range shaded, so the eye sees in or out.
  return u => {
    if (!target) return;
    const ctx = u.ctx;
    const top = u.valToPos(target[1], "y", true);
    const bottom = u.valToPos(target[0], "y", true);
    ctx.save();
    ctx.fillStyle = "rgba(26,127,55,0.15)";
    ctx.fillRect(u.bbox.left, Math.min(top, bottom), u.bbox.width, Math.abs(bottom - top));
    ctx.restore();
  };
}

function chart(p, width) {
  const xs = p.series.map((_, i) => i + 1);
  const ys = p.series.map(pt => pt.value);
  const lo = Math.min(...ys, ...(p.target || [])), hi = Math.max(...ys, ...(p.target || []));
  const pad = (hi - lo) * 0.15 || 1;
  const box = el("div", { class: "chart", dataset: { metric: p.metric } },
    el("h3", {}, `${p.label}${p.unit ? " (" + p.unit + ")" : ""}`),
    el("p", { class: "legend" }, `target ${p.target ? p.target.join("–") : "none"}; trend: `, R.verdict(p.trend)));
  const opts = {
    width, height: 200, legend: { show: false }, cursor: { show: true },
    scales: { x: { time: false, range: [0.5, Math.max(xs.length, 1) + 0.5] },
              y: { range: [Math.max(0, lo - pad), hi + pad] } },
    axes: [{ label: "rehearsal", values: (u, v) => v.map(x => Number.isInteger(x) ? x : "") }, { size: 50 }],
    series: [{}, { label: p.label, stroke: "#2457c5", width: 2,
      points: { show: true, size: 7, fill: "#2457c5" } }],
    hooks: { drawAxes: [band(p.target)] },
  };
  box.append(el("p", { class: "visually-hidden" },
    `${p.label}: ${ys.map(v => v.toFixed(DIGITS[p.metric] ?? 1)).join(", ")}`));
  new uPlot(opts, [xs, ys], box);
  return box;
}

async function main() {
  const page = document.getElementById("page");
  let data;
  try { data = await R.twin(); } catch (e) { R.message(e.message); return; }
  const filter = document.getElementById("question-filter");
  try {
    const all = await R.api("GET", "/rehearsals.json");
    for (const q of all.questions) filter.append(el("option", { value: q, selected: q === data.question }, q));
  } catch (e) { /* the filter stays at "all" */ }
  filter.addEventListener("change", e => {
    location.href = "/progress" + (e.target.value ? "?question=" + encodeURIComponent(e.target.value) : "");
  });
  R.text(document.getElementById("summary"), data.rehearsals
    ? `Over ${data.rehearsals} rehearsal${data.rehearsals === 1 ? "" : "s"}${data.question ? ` of “${data.question}”` : ""}.`
    : "No rehearsals yet: your progress shows here once you have rehearsed.");
  const charts = document.getElementById("charts");
  const width = Math.max(260, Math.min(460, charts.clientWidth - 24));
  const body = document.querySelector("#progress-table tbody");
  for (const p of data.metrics) {
    charts.append(chart(p, width));
    const d = DIGITS[p.metric] ?? 1;
    body.append(el("tr", {}, el("td", {}, p.label),
      el("td", { class: "num" }, R.fmt(p.series[p.series.length - 1].value, d, p.unit)),
      el("td", { class: "num" }, p.best === null ? "–" : R.fmt(p.best, d, p.unit) + " ★"),
      el("td", { class: "num" }, R.fmt(p.median_last_five, d, p.unit)),
      el("td", { class: "num" }, p.target ? p.target.join("–") : "–"),
      el("td", {}, R.verdict(p.trend))));
  }
  page.setAttribute("aria-busy", "false");
  page.dataset.ready = "1";
}

main();
