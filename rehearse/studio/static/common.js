// Shared by every studio page: fetching a page's JSON twin, small DOM helpers, formatting.
"use strict";

// C0 controls but tab and newline, DEL, C1, bidi embeddings, overrides and isolates, and the
// line and paragraph separators: the characters safe.py's clean() escapes.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const R = {
  // The data a page draws: embedded (a shared, self-contained report) or its JSON twin.
  async twin() {
    const embedded = document.getElementById("twin-data");
    if (embedded) return JSON.parse(embedded.textContent);
    const url = location.pathname.replace(/\/$/, "/index") + ".json" + location.search;
    return R.api("GET", url);
  },

  async api(method, url, body) {
    const opts = { method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["content-type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(url, opts);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) throw new Error((data && data.error) || `${res.status} ${res.statusText}`);
    return data;
  },

  // Text as it is stored but never acted on: control characters and bidirectional
  // overrides (a question holding U+202E would show the rest of the line reversed) appear as
  // visible escapes, \x1b or \u202e, as rehearse/report/render/safe.py does on a terminal.
  safe(text) {
    return String(text).replace(UNSAFE, ch => {
      const n = ch.charCodeAt(0);
      return n < 0x100 ? "\\x" + n.toString(16).padStart(2, "0") : "\\u" + n.toString(16).padStart(4, "0");
    });
  },

  // Every text and shown attribute goes through R.safe; "value" and "dataset" keep the data
  // as stored (a picked question is sent back as it is), and are never shown.
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = R.safe(v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k === "value") node.setAttribute(k, v);
      else node.setAttribute(k, v === true ? "" : R.safe(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(R.safe(c)));
    }
    return node;
  },

  text(node, value) { node.textContent = R.safe(value); },

  clock(seconds, tenths = true) {
    const s = Math.max(0, seconds || 0);
    const m = Math.floor(s / 60);
    const rest = s - 60 * m;
    return tenths ? `${m}:${rest.toFixed(1).padStart(4, "0")}` : `${m}:${String(Math.floor(rest)).padStart(2, "0")}`;
  },

  date(iso) { return (iso || "").replace("T", " ").slice(0, 16); },

  fmt(value, digits = 1, unit = "") {
    if (value === null || value === undefined) return "–";
    const text = Number(value).toFixed(digits);
    if (!unit) return text;
    return unit === "/min" ? text + unit : `${text} ${unit}`;
  },

  // A verdict in words and a symbol, never colour alone.
  verdict(word) {
    const good = ["better", "good", "improving", "on target"];
    const bad = ["worse", "worsening", "fast", "slow", "short", "long", "above target"];
    const cls = good.includes(word) ? "good" : bad.includes(word) ? "bad" : "neutral";
    const mark = cls === "good" ? "✓ " : cls === "bad" ? "! " : "";
    return R.el("span", { class: `verdict ${cls}` }, mark + word);
  },

  message(text, kind = "error") {
    const box = document.getElementById("message");
    if (!box) return alert(text);
    box.className = `message ${kind}`;
    box.textContent = R.safe(text);
    box.hidden = !text;
    if (text) box.focus();
  },

  shared: () => !!document.getElementById("twin-data"),
};

// The navigation marks where the user is (for screen readers too, not by colour alone).
for (const a of document.querySelectorAll("header.top nav a")) {
  const here = location.pathname === a.getAttribute("href") ||
    (a.getAttribute("href") === "/rehearsals" && location.pathname === "/compare");
  if (here) a.setAttribute("aria-current", "page");
}
