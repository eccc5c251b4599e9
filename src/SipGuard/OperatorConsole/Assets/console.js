// SipGuard operator console. Every value from the server is written with textContent: evidence holds
// caller-supplied headers, and none of them may become markup.
"use strict";

const $ = (selector) => document.querySelector(selector);

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  return td;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement("tr");
    tr.append(...cells.map((c) => (c instanceof HTMLElement ? c : cell(c))));
    return tr;
  }));
}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  return response.json();
}

function token() {
  return $("#token").value.trim();
}

// --- panels -------------------------------------------------------------------------------------
let current = "live";

function show(panel) {
  current = panel;
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.panel === panel));
  document.querySelectorAll(".panel").forEach((p) => { p.hidden = p.id !== "panel-" + panel; });
  refresh();
}

async function refresh() {
  if (current === "live") await refreshLive();
  if (current === "evidence") await refreshEvidence();
  if (current === "lists") await refreshLists();
  if (current === "config") await refreshConfig();
  document.body.dataset.refreshed = String(Date.now());
}

async function refreshLive() {
  const live = await getJson("/api/console/live");
  $("#chart").src = "/console/chart.svg?t=" + Date.now();
  fill($("#live-calls tbody"), Object.entries(live.calls).sort().map(([key, n]) => {
    const [trunk, decision] = key.split("/");
    return [trunk, decision, n];
  }));
  fill($("#live-interceptions tbody"), Object.entries(live.interceptions).sort().map(([reason, n]) => [reason, n]));
  const targets = [];
  for (const upstream of live.upstreams) {
    for (const t of upstream.targets) {
      targets.push([upstream.id, t.transport + ":" + t.target,
        cell(t.breakerOpen ? "open" : "closed", t.breakerOpen ? "bad" : "good"),
        t.probed ? (t.probeMisses === 0 ? "answering" : t.probeMisses + " missed") : "not probed"]);
    }
  }
  fill($("#live-upstreams tbody"), targets);
  fill($("#live-load tbody"), [
    ["SIP listeners", live.listenersUp ? "up" : "down"],
    ["receive backlog: INVITEs shed", live.receiveBacklogShed],
    ["evidence queue", live.evidenceQueue],
    ["evidence records dropped", live.evidenceDropped],
    ...Object.entries(live.overloads).sort().map(([reason, n]) => ["overload: " + reason, n]),
  ]);
}

async function refreshEvidence() {
  const form = new FormData($("#evidence-form"));
  const query = new URLSearchParams();
  for (const [k, v] of form.entries()) if (String(v).trim()) query.set(k, String(v).trim());
  const records = await getJson("/api/console/evidence?" + query);
  const tbody = $("#evidence-table tbody");
  fill(tbody, records.map((r) => [r.time, r.trunk, r.caller ?? r.from, r.decision, r.rule, r.response || r.status]));
  [...tbody.rows].forEach((row, i) => {
    row.classList.add("clickable");
    row.addEventListener("click", () => {
      const pre = $("#evidence-record");
      pre.textContent = JSON.stringify(records[i], null, 2);
      pre.hidden = false;
    });
  });
}

async function refreshLists() {
  const lists = await getJson("/api/console/lists");
  fill($("#lists-table tbody"), lists.map((l) => [l.id, l.entries, l.sha256 ? l.sha256.slice(0, 16) + "…" : "missing",
    l.ageSeconds === null ? "" : age(l.ageSeconds), l.runtime.join(", ")]));
  const select = $("#list-form select");
  const chosen = select.value;
  select.replaceChildren(...lists.map((l) => { const o = document.createElement("option"); o.value = l.id; o.textContent = l.id; return o; }));
  if (chosen) select.value = chosen;
}

function age(seconds) {
  if (seconds < 120) return seconds + " s";
  if (seconds < 7200) return Math.round(seconds / 60) + " min";
  if (seconds < 172800) return Math.round(seconds / 3600) + " h";
  return Math.round(seconds / 86400) + " d";
}

async function refreshConfig() {
  const config = await getJson("/api/console/config");
  fill($("#config-running tbody"), [["file", config.file], ["generation", config.generation], ["version (SHA-256)", config.version], ["loaded", config.loadedAt]]);
  fill($("#config-reloads tbody"), config.reloads.map((r) => [r.at, r.trigger,
    cell(r.applied ? "applied" : "rejected", r.applied ? "good" : "bad"), r.generation, r.errors.join("\n")]));
}

// --- forms --------------------------------------------------------------------------------------
$("#evidence-form").addEventListener("submit", (e) => { e.preventDefault(); refreshEvidence(); });

$("#explain-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const body = {
    source: form.get("source"), from: form.get("from"), rpid: form.get("rpid"), privacy: form.get("privacy"), to: form.get("to"),
    pai: String(form.get("pai") || "").split(",").map((p) => p.trim()).filter((p) => p),
  };
  const response = await fetch("/api/console/explain", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const result = await response.json();
  $("#explain-trace").textContent = result.error ? result.error : result.trace;
});

$("#list-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const list = encodeURIComponent(String(form.get("list")));
  const entry = String(form.get("entry")).trim();
  const remove = e.submitter && e.submitter.value === "remove";
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  const response = remove
    ? await fetch("/api/lists/" + list + "/entries/" + encodeURIComponent(entry), { method: "DELETE", headers })
    : await fetch("/api/lists/" + list + "/entries", { method: "POST", headers, body: JSON.stringify({ entries: [entry] }) });
  const result = await response.json();
  const status = $("#list-result");
  status.className = response.ok ? "good" : "bad";
  status.textContent = response.status + ": " + (response.ok ? (remove ? "removed " + entry : "added " + result.added) : result.error);
  await refreshLists();
});

document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => show(b.dataset.panel)));
setInterval(() => { if (current === "live") refresh(); }, 5000);
refresh();
