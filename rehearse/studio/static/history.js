// The history page: every rehearsal, filter by question, open, compare two, delete, export.
"use strict";

const { el } = R;
const $ = id => document.getElementById(id);

function ticked() {
  return [...document.querySelectorAll("#rehearsals input[type=checkbox]:checked")].map(c => c.value);
}

async function remove(r, row) {
  const what = `rehearsal ${r.id} (${R.date(r.created_at)}, ${r.question || "no question"})`;
  if (!confirm(`Delete ${what} and the audio rehearse kept of it? This cannot be undone.`)) return;
  try {
    await R.api("DELETE", `/rehearsals/${r.id}`);
    row.remove();
    R.message(`Deleted ${what}.`, "info");
  } catch (e) { R.message(e.message); }
}

function draw(data) {
  const filter = $("question-filter");
  filter.length = 1;
  for (const q of data.questions) filter.append(el("option", { value: q, selected: q === data.question }, q));
  const body = document.querySelector("#rehearsals tbody");
  body.innerHTML = "";
  const preset = new URLSearchParams(location.search).get("compare");
  for (const r of data.rehearsals) {
    const m = r.metrics;
    const row = el("tr", { dataset: { id: r.id } },
      el("td", {}, el("input", { type: "checkbox", value: r.id, checked: String(r.id) === preset,
        "aria-label": `compare rehearsal ${r.id}` })),
      el("td", { class: "num" }, r.id),
      el("td", {}, R.date(r.created_at)),
      el("td", {}, el("a", { href: `/rehearsals/${r.id}` }, r.question || "(no question)")),
      el("td", { class: "num" }, R.clock(m.length_s ?? r.duration_s, false)),
      el("td", { class: "num" }, R.fmt(m.wpm, 0)),
      el("td", { class: "num" }, R.fmt(m.fillers_per_min, 1)),
      el("td", { class: "num" }, R.fmt(m.long_pauses_per_min, 1)),
      el("td", {}));
    row.lastChild.append(el("a", { class: "button", href: `/rehearsals/${r.id}` }, "Open"), " ",
      el("button", { type: "button", class: "danger", onclick: () => remove(r, row) }, "Delete"));
    body.append(row);
  }
  $("empty").hidden = data.rehearsals.length > 0;
  update();
}

function update() {
  $("compare").disabled = ticked().length !== 2;
}

async function main() {
  const page = $("page");
  try { draw(await R.twin()); } catch (e) { R.message(e.message); }
  $("question-filter").addEventListener("change", e => {
    const q = e.target.value;
    location.href = "/rehearsals" + (q ? "?question=" + encodeURIComponent(q) : "");
  });
  document.querySelector("#rehearsals").addEventListener("change", update);
  $("compare").addEventListener("click", () => {
    const [b, a] = ticked(); // the table is newest first: A is the older one
    location.href = `/compare?a=${a}&b=${b}`;
  });
  page.setAttribute("aria-busy", "false");
  page.dataset.ready = "1";
}

main();
