// course.viz: the views' browser side (an anywidget module; no build step).
// The kernel sends a view's frames once (model "data"); everything a control does
// afterwards (Play, the step slider, zoom, hover) happens here, without the kernel.
// The current step is sent back to the kernel only when playing stops or the slider is let go.

const COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf"];
const gColor = (g) => COLORS[((g % COLORS.length) + COLORS.length) % COLORS.length];
const MARK_COLORS = { steal: "#d62728", handoff: "#9467bd", preempt: "#000000", gosched: "#7f7f7f",
  syscall: "#b07aa1", gc: "#2ca02c", overflow: "#ff7f0e", park: "#c49c00", ready: "#17becf",
  create: "#1f77b4", timer: "#8c564b", panic: "#ff0000", exit: "#555555" };

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
    else if (k === "style") e.style.cssText = v; else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const us = (t) => (t / 1000).toFixed(3) + "µs";

function showError(el, err) {
  el.replaceChildren(h("div", { class: "gv-error", text: "This view could not be drawn: " + (err && err.message ? err.message : err) }));
  if (err && err.stack) console.error(err);
}

// ---- events ------------------------------------------------------------------------------
function evText(ev, i) {
  if (i < 0 || i >= ev.n) return { what: "", why: "", fn: "", head: "" };
  const who = [ev.p[i] >= 0 ? "P" + ev.p[i] : "", ev.m[i] >= 0 ? "M" + ev.m[i] : "", ev.g[i] >= 0 ? "G" + ev.g[i] : ""].filter(Boolean).join(" ");
  return { what: ev.whats[ev.w[i]], why: ev.reasons[ev.r[i]] || "", fn: ev.funcs[ev.r[i]] || "",
    head: `#${i} ${us(ev.t[i])} ${who} ${ev.kinds[ev.k[i]] || ""}` };
}
function evHTML(ev, i) {
  const e = evText(ev, i);
  if (!e.head) return "<i>before the first event</i>";
  return `<b>${esc(e.head)}</b>: ${esc(e.what)}` + (e.why ? `<br><span class="gv-why">${esc(e.why)}</span>` : "")
    + (e.fn ? ` <span class="gv-fn">[Go: ${esc(e.fn)}]</span>` : "");
}

// ---- the player: Play, step buttons and a slider, all in the browser ---------------------------
function player(model, n, onStep, opts = {}) {
  const bar = h("div", { class: "gv-bar" });
  const first = h("button", { title: "first step", text: "|◀◀" });
  const prev = h("button", { title: "previous step", text: "◀" });
  const play = h("button", { title: "play / pause", text: "▶", class: "gv-play" });
  const next = h("button", { title: "next step", text: "▶|" });
  const last = h("button", { title: "last step", text: "▶▶|" });
  const slider = h("input", { type: "range", min: "0", max: String(n), step: "1", value: "0", class: "gv-slider", "aria-label": "step" });
  const label = h("span", { class: "gv-steplabel" });
  const speed = h("select", { title: "steps per tick", class: "gv-speed" });
  for (const s of [1, 5, 25, 100, 500]) speed.append(h("option", { value: String(s), text: s + "×" }));
  const oops = h("div", { class: "gv-error gv-steperror", style: "display:none;flex-basis:100%" });
  bar.append(first, prev, play, next, last, slider, label, speed, oops);
  let step = Math.max(0, Math.min(n, model.get("step") || 0));
  let timer = null, syncTimer = null;
  const sync = () => {  // tell the kernel (not needed to animate)
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => { try { model.set("step", step); model.save_changes(); } catch (e) { /* detached */ } }, 250);
  };
  const go = (s, fromKernel) => {
    step = Math.max(0, Math.min(n, s | 0));
    slider.value = String(step);
    label.textContent = `step ${step} / ${n}`;
    bar.dataset.step = String(step);
    try {  // a failure while drawing a step is shown in the view, in words
      onStep(step);
      oops.style.display = "none";
    } catch (e) {
      oops.textContent = `Step ${step} could not be drawn: ${e && e.message ? e.message : e}`;
      oops.style.display = "block";
      if (timer) { clearInterval(timer); timer = null; play.textContent = "▶"; }
      console.error(e);
    }
    if (!fromKernel && !timer) sync();
  };
  const stop = () => { if (timer) { clearInterval(timer); timer = null; play.textContent = "▶"; sync(); } };
  play.onclick = () => {
    if (timer) { stop(); return; }
    if (step >= n) go(0);
    play.textContent = "⏸";
    timer = setInterval(() => {
      const k = parseInt(speed.value, 10) || 1;
      if (step >= n) { stop(); return; }
      go(step + k);
    }, opts.interval || 120);
  };
  first.onclick = () => { stop(); go(0); };
  last.onclick = () => { stop(); go(n); };
  prev.onclick = () => { stop(); go(step - 1); };
  next.onclick = () => { stop(); go(step + 1); };
  slider.oninput = () => { stop(); go(parseInt(slider.value, 10)); };
  const onKernel = () => { const s = model.get("step"); if (s !== step && !timer) go(s, true); };
  model.on("change:step", onKernel);
  return { el: bar, go, get step() { return step; }, dispose: () => { stop(); model.off("change:step", onKernel); } };
}

// ---- timeline ------------------------------------------------------------------------------
function timelineCanvas(data, opts = {}) {
  const ev = data.events, S = data.segs, M = data.marks;
  const lanes = data.lanes, laneH = 22, top = 18, left = 92;
  const wrap = h("div", { class: "gv-canvaswrap" });
  const canvas = h("canvas");
  const tip = h("div", { class: "gv-tip" });
  wrap.append(canvas, tip);
  const height = top + lanes.length * laneH + 24;
  const view = opts.window || { t0: data.t_start, t1: Math.max(data.t_end, data.t_start + 1) };
  let cursor = -1, hot = -1;
  // segments per lane sorted by start, for hover lookup
  const byLane = lanes.map(() => []);
  for (let j = 0; j < S.p.length; j++) byLane[S.p[j]] && byLane[S.p[j]].push(j);
  for (const l of byLane) l.sort((a, b) => S.t0[a] - S.t0[b]);
  const W = () => Math.max(300, wrap.clientWidth || 800);
  const x = (t) => left + (t - view.t0) / (view.t1 - view.t0) * (W() - left - 8);
  const tOf = (px) => view.t0 + (px - left) / (W() - left - 8) * (view.t1 - view.t0);
  // The lanes are drawn once per zoom/scroll/size (on an offscreen canvas); moving the step
  // cursor only copies them and draws the cursor.
  const base = document.createElement("canvas");
  let baseKey = "";
  function drawBase(w, dpr) {
    const key = [w, dpr, view.t0, view.t1].join(",");
    if (key === baseKey) return;
    baseKey = key;
    base.width = w * dpr; base.height = height * dpr;
    const c = base.getContext("2d");
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, w, height);
    c.font = "11px sans-serif"; c.textBaseline = "middle";
    for (const [t0, t1, label] of data.gc) {  // stop-the-world spans under everything
      c.fillStyle = "rgba(44,160,44,0.15)"; c.fillRect(x(t0), top, Math.max(1, x(t1) - x(t0)), lanes.length * laneH);
      if (x(t1) - x(t0) > 40) { c.fillStyle = "#2ca02c"; c.fillText(label, x(t0) + 2, top - 8); }
    }
    lanes.forEach((name, i) => {
      const y = top + i * laneH;
      c.fillStyle = i % 2 ? "#f7f7f7" : "#fff"; c.fillRect(left, y, w - left, laneH);
      c.fillStyle = "#333"; c.fillText(name, 4, y + laneH / 2);
    });
    let drawn = 0;
    for (let j = 0; j < S.p.length; j++) {
      if (S.t1[j] < view.t0 || S.t0[j] > view.t1) continue;
      const x0 = x(S.t0[j]), x1 = Math.max(x0 + 1, x(S.t1[j]));
      const y = top + S.p[j] * laneH + 3;
      if (S.kind[j] === "assist") {  // a mark assist: a GC strip along the bottom of its G's run
        c.fillStyle = MARK_COLORS.gc; c.fillRect(x0, y + laneH - 11, x1 - x0, 5); drawn++; continue;
      }
      c.fillStyle = S.kind[j] === "mark" ? MARK_COLORS.gc : gColor(S.g[j]);
      if (S.kind[j] === "syscall") { c.globalAlpha = 0.45; }
      c.fillRect(x0, y, x1 - x0, laneH - 6);
      c.globalAlpha = 1;
      if (S.kind[j] === "syscall") { c.strokeStyle = "#555"; c.setLineDash([3, 2]); c.strokeRect(x0, y, x1 - x0, laneH - 6); c.setLineDash([]); }
      if (x1 - x0 > 26) { c.fillStyle = "#fff"; c.fillText(S.kind[j] === "mark" ? "GC" : "G" + S.g[j], x0 + 3, y + (laneH - 6) / 2); }
      drawn++;
    }
    for (let j = 0; j < M.i.length; j++) {
      const i = M.i[j], t = ev.t[i];
      if (t < view.t0 || t > view.t1 || M.p[j] < 0) continue;
      const xx = x(t), y = top + M.p[j] * laneH;
      c.fillStyle = MARK_COLORS[M.cls[j]] || "#000";
      c.fillRect(xx - 1, y + laneH - 5, 2, 5);
    }
    c.lineWidth = 1.5;
    for (const [i, victim, thief] of data.steals) {
      const t = ev.t[i]; if (t < view.t0 || t > view.t1) continue;
      const xx = x(t), y0 = top + victim * laneH + laneH / 2, y1 = top + thief * laneH + laneH / 2;
      c.strokeStyle = MARK_COLORS.steal; c.beginPath(); c.moveTo(xx, y0); c.lineTo(xx, y1); c.stroke();
      c.beginPath(); c.arc(xx, y1, 3, 0, 6.3); c.fillStyle = MARK_COLORS.steal; c.fill();
    }
    // time axis
    c.fillStyle = "#555"; c.textBaseline = "top";
    const yA = top + lanes.length * laneH + 4;
    for (let k = 0; k <= 4; k++) { const t = view.t0 + (view.t1 - view.t0) * k / 4; c.fillText(us(t), Math.min(w - 70, x(t)), yA); }
    canvas.dataset.drawn = String(drawn);
  }
  function draw() {
    const w = W(), dpr = window.devicePixelRatio || 1;
    if (canvas.width !== w * dpr || canvas.height !== height * dpr) {
      canvas.width = w * dpr; canvas.height = height * dpr; canvas.style.height = height + "px";
    }
    drawBase(w, dpr);
    const c = canvas.getContext("2d");
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, canvas.width, canvas.height);
    c.drawImage(base, 0, 0);
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (cursor >= 0 && cursor < ev.n) {
      const xx = x(ev.t[cursor]);
      c.strokeStyle = "#e8a200"; c.lineWidth = 2; c.beginPath(); c.moveTo(xx, top - 4); c.lineTo(xx, top + lanes.length * laneH); c.stroke();
      if (ev.p[cursor] >= 0 && ev.p[cursor] < lanes.length) { c.fillStyle = "#e8a200"; c.beginPath(); c.arc(xx, top + ev.p[cursor] * laneH + laneH / 2, 4, 0, 6.3); c.fill(); }
    }
    if (opts.onDraw) opts.onDraw(view);
  }
  function hit(px, py) {
    const lane = Math.floor((py - top) / laneH);
    if (lane < 0 || lane >= lanes.length || px < left) return null;
    const t = tOf(px), tol = (view.t1 - view.t0) / (W() - left) * 3;
    // a mark first (they are small), then the segment under the pointer
    let best = null, bd = tol;
    for (let j = 0; j < M.i.length; j++) {
      if (M.p[j] !== lane) continue;
      const d = Math.abs(ev.t[M.i[j]] - t); if (d <= bd) { bd = d; best = { mark: M.i[j] }; }
    }
    if (best) return best;
    const L = byLane[lane]; let lo = 0, hi = L.length - 1, found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (S.t0[L[mid]] <= t) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    for (let q = found; q >= 0 && q >= found - 3; q--) { const j = L[q]; if (S.t0[j] - tol <= t && t <= S.t1[j] + tol) return { seg: j }; }
    return null;
  }
  canvas.addEventListener("mousemove", (e) => {
    const r = canvas.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
    const hh = hit(px, py);
    if (!hh) { tip.style.display = "none"; return; }
    let html;
    if (hh.mark !== undefined) html = evHTML(ev, hh.mark);
    else {
      const j = hh.seg;
      const who = S.kind[j] === "mark" ? "<b>GC mark worker</b>" : `<b>G${S.g[j]}</b>`;
      const what = { syscall: "in a syscall", mark: "marks", assist: "assists the mark" }[S.kind[j]] || "runs";
      html = `${who} ${what} on ${esc(lanes[S.p[j]])}, ${us(S.t0[j])} – ${us(S.t1[j])} (${((S.t1[j] - S.t0[j]) / 1000).toFixed(3)}µs)`
        + (S.kind[j] === "assist" ? `<br>${evHTML(ev, S.e0[j])}`
          : `<br>began: ${evHTML(ev, S.e0[j])}<br>ended: ${evHTML(ev, S.e1[j])}`);
    }
    tip.innerHTML = html; tip.style.display = "block";
    tip.style.left = Math.min(px + 12, W() - 470) + "px"; tip.style.top = (py + 14) + "px";
  });
  canvas.addEventListener("mouseleave", () => { tip.style.display = "none"; });
  canvas.addEventListener("wheel", (e) => {  // zoom around the pointer
    e.preventDefault();
    const r = canvas.getBoundingClientRect(), t = tOf(e.clientX - r.left);
    const f = e.deltaY > 0 ? 1.25 : 0.8, span = Math.max(10, (view.t1 - view.t0) * f);
    const a = (t - view.t0) / (view.t1 - view.t0);
    view.t0 = t - a * span; view.t1 = view.t0 + span; draw();
  }, { passive: false });
  let drag = null;
  canvas.addEventListener("mousedown", (e) => { drag = { x: e.clientX, t0: view.t0, t1: view.t1 }; });
  window.addEventListener("mouseup", () => { drag = null; });
  canvas.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const dt = (e.clientX - drag.x) / (W() - left - 8) * (drag.t1 - drag.t0);
    view.t0 = drag.t0 - dt; view.t1 = drag.t1 - dt; draw();
  });
  return {
    el: wrap, draw, view,
    setCursor(i) { cursor = i; draw(); },
    zoom(f) { const m = (view.t0 + view.t1) / 2, s = (view.t1 - view.t0) * f / 2; view.t0 = m - s; view.t1 = m + s; draw(); },
    reset() { view.t0 = data.t_start; view.t1 = Math.max(data.t_end, data.t_start + 1); draw(); },
    follow(i) {  // keep the cursor in view while playing
      if (i < 0 || i >= ev.n) return; const t = ev.t[i], span = view.t1 - view.t0;
      if (t < view.t0 || t > view.t1) { view.t0 = t - span / 2; view.t1 = t + span / 2; }
    },
  };
}

function legend() {
  const l = h("div", { class: "gv-legend" });
  for (const [k, c] of Object.entries(MARK_COLORS)) { const s = h("span", { text: k }); s.style.setProperty("--c", c); l.append(s); }
  return l;
}

function perfettoJSON(data) {
  const ev = data.events, S = data.segs, out = [{ name: "process_name", ph: "M", pid: 1, args: { name: "Go runtime (model)" } }];
  data.lanes.forEach((n, i) => out.push({ name: "thread_name", ph: "M", pid: 1, tid: i, args: { name: n } }));
  const segName = (j) => S.kind[j] === "mark" ? "GC mark worker"
    : "G" + S.g[j] + ({ syscall: " (syscall)", assist: " (GC assist)" }[S.kind[j]] || "");
  for (let j = 0; j < S.p.length; j++) out.push({ name: segName(j), ph: "X", pid: 1, tid: S.p[j], ts: S.t0[j] / 1000, dur: (S.t1[j] - S.t0[j]) / 1000 });
  for (let i = 0; i < ev.n; i++) if (ev.k[i] !== 8) out.push({ name: ev.kinds[ev.k[i]], ph: "i", s: "t", pid: 1, tid: Math.max(0, ev.p[i]), ts: ev.t[i] / 1000, args: { g: ev.g[i], what: ev.whats[ev.w[i]], why: ev.reasons[ev.r[i]] || "" } });
  return JSON.stringify({ traceEvents: out, displayTimeUnit: "ns" });
}

function renderTimeline(model, el, data) {
  const ev = data.events;
  const info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const tl = timelineCanvas(data);
  const zin = h("button", { text: "+", title: "zoom in" }), zout = h("button", { text: "−", title: "zoom out" });
  const zreset = h("button", { text: "whole run", title: "zoom to the whole run" });
  const dl = h("button", { text: "Perfetto JSON", title: "download the trace for ui.perfetto.dev" });
  zin.onclick = () => tl.zoom(0.5); zout.onclick = () => tl.zoom(2); zreset.onclick = () => tl.reset();
  dl.onclick = () => {
    const a = h("a", { href: URL.createObjectURL(new Blob([perfettoJSON(data)], { type: "application/json" })), download: "trace.json" });
    document.body.append(a); a.click(); a.remove();
  };
  const pl = player(model, ev.n, (s) => {
    const t0 = performance.now();
    tl.follow(s - 1); tl.setCursor(s - 1);
    info.innerHTML = evHTML(ev, s - 1);
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: `Timeline: ${data.lanes.length} lanes, ${ev.n} events` }), zin, zout, zreset, dl),
    tl.el, legend(), pl.el, info);
  requestAnimationFrame(() => pl.go(pl.step));
  return pl;
}

// ---- scheduler at a step ---------------------------------------------------------------------
function schedDecoder(data) {
  let cache = null;  // {step, state}: moving forward a little applies only the new deltas
  const cloneKey = (k) => ({ runnext: k.runnext.slice(), runq: k.runq.map((q) => q.slice()), global: k.global.slice(),
    p_status: k.p_status.slice(), p_m: k.p_m.slice(), running: k.running.slice(),
    g: Object.fromEntries(Object.entries(k.g).map(([a, b]) => [a, b.slice()])),
    ms: Object.fromEntries(Object.entries(k.ms).map(([a, b]) => [a, b.slice()])) });
  const applyList = (lst, hd, added) => hd === null ? added.slice() : hd === -1 ? added.concat(lst) : lst.slice(hd).concat(added);
  return function at(step) {
    step = Math.max(0, Math.min(data.n, step));
    const j = Math.floor(step / data.every);
    let s, from;
    if (cache && cache.step <= step && Math.floor(cache.step / data.every) === j) { s = cache.state; from = cache.step; }
    else { s = cloneKey(data.keys[j]); from = j * data.every; }
    for (let i = from; i < step; i++) for (const op of data.deltas[i]) {
      switch (op[0]) {
        case "n": s.runnext[op[1]] = op[2]; break;
        case "q": s.runq[op[1]] = applyList(s.runq[op[1]], op[2], op[3]); break;
        case "gq": s.global = applyList(s.global, op[1], op[2]); break;
        case "ps": s.p_status[op[1]] = op[2]; break;
        case "pm": s.p_m[op[1]] = op[2]; break;
        case "r": s.running[op[1]] = op[2]; break;
        case "g": s.g[op[1]] = [op[2], op[3]]; break;
        case "m": s.ms[op[1]] = [op[2], op[3]]; break;
      }
    }
    cache = { step, state: s };
    return s;
  };
}
const chip = (g, cls = "", title = "") => `<span class="gv-chip ${cls}" style="background:${gColor(g)};color:#fff" title="${esc(title)}">G${g}</span>`;

function renderScheduler(model, el, data) {
  const ev = data.events, at = schedDecoder(data);
  const info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const ps = h("div", { class: "gv-ps" });
  const cards = [];
  for (let p = 0; p < data.nprocs; p++) {
    const head = h("h4"), cur = h("div"), ring = h("div", { class: "gv-ring", title: "the P's 256-slot ring (head first)" });
    const cells = []; for (let k = 0; k < data.ringsize; k++) { const d = h("div"); ring.append(d); cells.push(d); }
    const list = h("div", { class: "gv-ringlist" });
    const card = h("div", { class: "gv-p", "data-p": String(p) }, head, cur, ring, list);
    ps.append(card); cards.push({ card, head, cur, cells, list, n: 0 });
  }
  const glob = h("div", { class: "gv-section" }), msEl = h("div", { class: "gv-section" }), gsEl = h("div", { class: "gv-section" });
  const pl = player(model, data.n, (step) => {
    const t0 = performance.now();
    const s = at(step), e = step - 1, hotP = e >= 0 ? ev.p[e] : -1, hotG = e >= 0 ? ev.g[e] : -1;
    info.innerHTML = evHTML(ev, e);
    cards.forEach((c, p) => {
      c.card.classList.toggle("gv-hot", p === hotP);
      c.head.textContent = `P${p} · ${s.p_status[p]} · ` + (s.p_m[p] >= 0 ? "M" + s.p_m[p] : "no M");
      const run = s.running[p], rn = s.runnext[p];
      const worker = { [-2]: "dedicated", [-3]: "fractional", [-4]: "idle" }[run];
      c.cur.innerHTML = `running: ${run >= 0 ? chip(run, run === hotG ? "gv-hot" : "") : worker ? `<span class="gv-chip" style="background:${MARK_COLORS.gc};color:#fff" title="the P runs a GC mark worker (${worker}), not a G">GC mark worker (${worker})</span>` : "—"} &nbsp; runnext: <span class="gv-slot">${rn >= 0 ? chip(rn, rn === hotG ? "gv-hot" : "") : "&nbsp;"}</span>`;
      const q = s.runq[p], m = Math.max(q.length, c.n);
      for (let k = 0; k < m && k < c.cells.length; k++) {
        const d = c.cells[k];
        if (k < q.length) { d.style.background = gColor(q[k]); d.title = `G${q[k]} (position ${k})`; } else { d.style.background = ""; d.title = ""; }
      }
      c.n = q.length;
      c.list.innerHTML = `ring ${q.length}/256: ` + (q.length ? q.slice(0, 40).map((g) => g === hotG ? `<b>G${g}</b>` : "G" + g).join(" ") + (q.length > 40 ? ` … +${q.length - 40}` : "") : "empty");
    });
    glob.innerHTML = `<b>global queue (${s.global.length}):</b>` + (s.global.length ? s.global.slice(0, 60).map((g) => chip(g, g === hotG ? "gv-hot" : "")).join("") + (s.global.length > 60 ? ` … +${s.global.length - 60}` : "") : " empty");
    const ms = Object.entries(s.ms).sort((a, b) => a[0] - b[0]);
    msEl.innerHTML = "<b>Ms:</b>" + (ms.length ? ms.map(([m, [st, p]]) => `<span class="gv-chip gv-m-${st}" title="M${m} ${st}">M${m} ${st}${p >= 0 ? " P" + p : ""}</span>`).join("") : " —");
    const gs = Object.entries(s.g).sort((a, b) => a[0] - b[0]);
    gsEl.innerHTML = "<b>Gs:</b>" + gs.map(([g, [st, w]]) => `<span class="gv-chip gv-st-${st.slice(1)} ${+g === hotG ? "gv-hot" : ""}" title="${esc(st + (w ? " [" + w + "]" : ""))}">G${g} ${st.slice(2)}${w ? " [" + esc(w) + "]" : ""}</span>`).join("");
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: `Scheduler: ${data.nprocs} Ps, ${data.n} events` })), pl.el, info, ps, glob, msEl, gsEl);
  pl.go(pl.step);
  return pl;
}

// ---- G state machine -----------------------------------------------------------------------
function renderGstates(model, el, data) {
  const ev = data.events, E = data.edges, n = data.n;
  const box = h("div", { class: "gv-svg" });
  box.innerHTML = data.svg;
  const counts = E.map(() => new Int32Array(n + 1));
  for (let i = 0; i < n; i++) for (let k = 0; k < E.length; k++) counts[k][i + 1] = counts[k][i] + (data.tr[i] === k ? 1 : 0);
  const edgeEls = E.map((_, k) => box.querySelector(`[id="e${k}"]`));
  const nodeEls = Object.fromEntries(data.states.map((s) => [s, box.querySelector(`[id="n${s}"]`)]));
  const info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const pl = player(model, n, (step) => {
    const t0 = performance.now();
    const k = step > 0 ? data.tr[step - 1] : -1;
    edgeEls.forEach((g, j) => {
      if (!g) return;
      g.classList.toggle("gv-lit", j === k);
      const t = g.querySelector("text");
      if (t) t.textContent = `${E[j][2]} ×${counts[j][step]}`;
    });
    for (const [s, g] of Object.entries(nodeEls)) if (g) g.classList.toggle("gv-litnode", k >= 0 && E[k][1] === s);
    info.innerHTML = (k >= 0 ? `<b>G${data.tg[step - 1]}: ${esc(E[k][0])} → ${esc(E[k][1])}</b> (${esc(E[k][2])})<br>` : "") + evHTML(ev, step - 1);
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: "G status state machine" }), h("span", { text: `(drawn by ${data.engine})`, style: "color:#777" })), pl.el, info, box);
  pl.go(pl.step);
  return pl;
}

// ---- channel -------------------------------------------------------------------------------
function lastAtOrBefore(arr, key, v) {  // arr sorted by key; index of the last with key <= v, or -1
  let lo = 0, hi = arr.length - 1, r = -1;
  while (lo <= hi) { const m = (lo + hi) >> 1; if (key(arr[m]) <= v) { r = m; lo = m + 1; } else hi = m - 1; }
  return r;
}
// One select's poll order and lock order (runtime/select.go selectgo: pollorder, lockorder),
// each case with its channel where the trace shows it; this channel's cases are marked.
function selectHTML(sel, step, chan) {
  const cs = {};
  for (const [c, ch, d] of sel.cases) cs[c] = [ch, d];
  const head = `<b>last select</b> by G${sel.g} at step ${sel.s} (selectgo)`;
  if (sel.poll === null) return `<div class="gv-select">${head}: more than 15 cases — its poll order and lock order are too long for the trace, not recorded</div>`;
  const chosen = sel.chosen !== null && sel.chosen_s <= step ? sel.chosen : null;
  const caseEl = (c) => `<span class="gv-case${cs[c] && cs[c][0] === chan ? " gv-hot" : ""}${c === chosen ? " gv-chosen" : ""}" title="${cs[c] ? `${cs[c][1]} on chan ${cs[c][0]}` : "the trace does not show this case's channel"}">case ${c}${cs[c] ? `<small> ${cs[c][1]} ch ${cs[c][0]}</small>` : ""}</span>`;
  const order = (o) => o.length ? o.map(caseEl).join(" → ") : "<i>empty: every case is on a nil channel</i>";
  let out;
  if (sel.chosen !== null && sel.chosen_s > step) out = "no case chosen yet at this step";
  else if (sel.chosen === null) out = { panic: "panics: send on a closed channel", cut: "the trace ends before it chose", blocked: "parked, still waiting" }[sel.how] || "";
  else if (sel.chosen < 0) out = "nothing ready: the default";
  else out = `chose case ${sel.chosen}` + (sel.how === "poll" ? " in pass 1" : ` when woken at step ${sel.chosen_s}`);
  return `<div class="gv-select">${head}<br><b>poll order</b> (random: fastrandn): ${order(sel.poll)}`
    + `<br><b>lock order</b> (by channel; Go sorts by hchan address): ${order(sel.lock)}<br>${esc(out)}</div>`;
}
function renderChannel(model, el, data) {
  const ev = data.events, P = data.points, S = data.select_orders || [];
  const title = `chan ${data.chan}` + (data.name ? ` (${data.name})` : "");
  const body = h("div"), info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const pl = player(model, data.n, (step) => {
    const t0 = performance.now();
    const j = lastAtOrBefore(P, (p) => p.s, step), pt = j >= 0 ? P[j] : null;
    info.innerHTML = (pt && pt.s === step ? "<b>this step changed the channel</b><br>" : "") + evHTML(ev, step - 1);
    if (!pt) { body.innerHTML = `<i>${esc(title)} is not made yet (make at event #${data.made_at})</i>`; return; }
    const cells = pt.buf.map((v, k) => `<div class="gv-cell ${v !== null && v !== undefined ? "gv-full" : ""}"><span class="gv-ptr">${k === pt.sendx ? "sendx " : ""}${k === pt.recvx ? "recvx" : ""}</span>${v === null || v === undefined ? "" : esc(v)}</div>`).join("");
    const q = (lst, send) => lst.length ? lst.map(([g, v, sel]) => chip(g, "", sel ? "in a select" : "") + (send ? `<small>sends ${esc(v)}</small>` : "") + (sel ? "<small>(select)</small>" : "")).join(" → ") : "empty";
    body.innerHTML = `<div><b>${esc(title)}</b>: cap ${pt.cap}, qcount ${pt.qcount}, sendx ${pt.sendx}, recvx ${pt.recvx}${pt.closed ? ", <b>closed</b>" : ""}</div>`
      + (pt.cap > 0 ? `<div class="gv-chanring" title="buf: the ring">${cells}</div>` : "<div><i>unbuffered: values go straight from sender to receiver</i></div>")
      + `<div class="gv-queue"><b>recvq</b> (sudogs of waiting receivers): ${q(pt.recvq, false)}</div>`
      + `<div class="gv-queue"><b>sendq</b> (sudogs of waiting senders): ${q(pt.sendq, true)}</div>`
      + (() => { const si = lastAtOrBefore(S, (x) => x.s, step); return si >= 0 ? selectHTML(S[si], step, data.chan) : ""; })();
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: `Channel: ${title}, ${P.length} changes` })), pl.el, info, body);
  pl.go(pl.step);
  return pl;
}

// ---- source --------------------------------------------------------------------------------
function renderSource(model, el, data) {
  const ev = data.events, byG = new Map();
  for (const [s, g, ln, how] of data.marks) { if (!byG.has(g)) byG.set(g, []); byG.get(g).push([s, ln, how]); }
  const pre = h("div", { class: "gv-src" });
  const rows = data.lines.map((line, k) => {
    const marks = h("span", { class: "gv-marks" });
    const d = h("div", { class: "gv-line" }, h("span", { class: "gv-ln", text: String(k + 1) }), document.createTextNode(line), marks);
    pre.append(d); return { d, marks };
  });
  const info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const pl = player(model, data.n, (step) => {
    const t0 = performance.now();
    const at = new Map();
    for (const [g, arr] of byG) {
      const j = lastAtOrBefore(arr, (x) => x[0], step);
      if (j >= 0 && arr[j][1] > 0) { const ln = arr[j][1]; if (!at.has(ln)) at.set(ln, []); at.get(ln).push([g, arr[j][2]]); }
    }
    const hotG = step > 0 ? ev.g[step - 1] : -1;
    rows.forEach(({ d, marks }, k) => {
      const gs = at.get(k + 1);
      d.classList.toggle("gv-hot", !!gs);
      marks.innerHTML = gs ? "◀ " + gs.map(([g, how]) => chip(g, g === hotG ? "gv-hot" : "", how === "ran from" ? "running (resumed here)" : "stopped here") + (how === "ran from" ? "<small>running</small>" : "")).join("") : "";
    });
    info.innerHTML = evHTML(ev, step - 1);
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: `Source: ${data.filename || ""}` })), pl.el, info, pre);
  pl.go(pl.step);
  return pl;
}

// ---- compare -------------------------------------------------------------------------------
function renderCompare(model, el, data) {
  const win = { t0: data.t0, t1: data.t1 };
  let syncing = false;
  const views = [];
  const onDraw = (who) => () => { if (syncing) return; syncing = true; views.forEach((v, k) => { if (k !== who) v.draw(); }); syncing = false; };
  const a = timelineCanvas(data.a, { window: win, onDraw: onDraw(0) });
  const b = timelineCanvas(data.b, { window: win, onDraw: onDraw(1) });
  views.push(a, b);
  const ia = h("div", { class: "gv-event", role: "status", "aria-live": "polite" }), ib = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const N = 1000;
  const idx = (d, t) => lastAtOrBefore(d.events.t, (x) => x, t);
  const pl = player(model, N, (s) => {
    const t0 = performance.now();
    const t = data.t0 + (data.t1 - data.t0) * s / N;
    const i = idx(data.a, t), j = idx(data.b, t);
    syncing = true; a.setCursor(i); b.setCursor(j); syncing = false;
    ia.innerHTML = `<b>${esc(data.labels[0])}</b> at ${us(t)}: ` + evHTML(data.a.events, i);
    ib.innerHTML = `<b>${esc(data.labels[1])}</b> at ${us(t)}: ` + evHTML(data.b.events, j);
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  const table = h("table", { class: "gv-diff" });
  table.innerHTML = `<tr><th></th><th>${esc(data.labels[0])}</th><th>${esc(data.labels[1])}</th></tr>` + data.rows.map(([n, x, y, d]) =>
    `<tr class="${d ? "gv-differs" : ""}" style="${d ? "color:#a00;font-weight:bold" : ""}"><td>${esc(n)}</td><td>${esc(typeof x === "string" ? JSON.stringify(x).slice(0, 60) : x)}</td><td>${esc(typeof y === "string" ? JSON.stringify(y).slice(0, 60) : y)}</td></tr>`).join("");
  const calls = h("ul", { class: "gv-diff gv-callouts" });
  calls.innerHTML = data.callouts.map((c) => `<li class="gv-differs">${esc(c)}</li>`).join("");
  const zreset = h("button", { text: "whole runs" });
  zreset.onclick = () => { win.t0 = data.t0; win.t1 = data.t1; a.draw(); };
  el.append(h("div", { class: "gv-bar" }, h("b", { text: "Compare (same time axis; the slider is time)" }), zreset),
    h("div", { text: data.labels[0] }), a.el, h("div", { text: data.labels[1] }), b.el, pl.el, ia, ib, calls, table);
  requestAnimationFrame(() => pl.go(pl.step));
  return pl;
}

// ---- GC: heap over time ------------------------------------------------------------------------
const MiB = 1 << 20;
function renderHeap(model, el, data) {
  const W = 760, H = 260, L = 60, B = 26, T = 10;
  const t = data.t, n = t.length;
  const ymax = Math.max(1, ...data.heap, ...data.goal, ...data.trigger, data.limit || 0) * 1.05;
  const X = (v) => L + (v - t[0]) / Math.max(1e-9, t[n - 1] - t[0]) * (W - L - 10);
  const Y = (v) => T + (1 - v / ymax) * (H - T - B);
  const path = (ys, step) => {
    let d = "";
    for (let i = 0; i < n; i++) {
      if (step && i > 0) d += `L${X(t[i]).toFixed(1)},${Y(ys[i - 1]).toFixed(1)}`;
      d += (i ? "L" : "M") + X(t[i]).toFixed(1) + "," + Y(ys[i]).toFixed(1);
    }
    return d;
  };
  let svg = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" class="gv-heapchart" font-size="10">`;
  for (let k = 0; k <= 4; k++) { const v = ymax * k / 4; svg += `<line x1="${L}" x2="${W - 10}" y1="${Y(v)}" y2="${Y(v)}" stroke="#eee"/><text x="2" y="${Y(v) + 3}">${(v / MiB).toFixed(1)} MiB</text>`; }
  for (let k = 0; k <= 4; k++) { const v = t[0] + (t[n - 1] - t[0]) * k / 4; svg += `<text x="${X(v) - 10}" y="${H - 8}">${(v / 1e6).toFixed(1)} ms</text>`; }
  for (const [a, b] of data.marks || []) {  // each concurrent mark: the program runs meanwhile
    svg += `<rect class="gv-mark" x="${X(a).toFixed(1)}" y="${T}" width="${Math.max(1, X(b) - X(a)).toFixed(1)}" height="${H - T - B}" fill="rgba(44,160,44,0.13)"><title>concurrent mark: ${((b - a) / 1e6).toFixed(3)} ms, the program runs meanwhile</title></rect>`;
  }
  if (data.limit) svg += `<line class="gv-limit" x1="${L}" x2="${W - 10}" y1="${Y(data.limit)}" y2="${Y(data.limit)}" stroke="#d62728" stroke-dasharray="6 3"/><text x="${W - 120}" y="${Y(data.limit) - 3}" fill="#d62728">GOMEMLIMIT</text>`;
  if (n) {
    svg += `<path class="gv-goal" d="${path(data.goal, true)}" fill="none" stroke="#2ca02c" stroke-dasharray="5 3"/>`;
    svg += `<path class="gv-trigger" d="${path(data.trigger, true)}" fill="none" stroke="#ff7f0e" stroke-dasharray="2 2"/>`;
    if (data.live) svg += `<path d="${path(data.live, false)}" fill="none" stroke="#999"/>`;
    svg += `<path class="gv-heap" d="${path(data.heap, false)}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>`;
  }
  svg += `<line class="gv-cursor" x1="0" x2="0" y1="${T}" y2="${H - B}" stroke="#e8a200" visibility="hidden"/></svg>`;
  const chart = h("div", { class: "gv-svg" }); chart.innerHTML = svg;
  const read = h("div", { class: "gv-readout" });
  read.innerHTML = `peak memory <b>${(data.peak / MiB).toFixed(2)} MiB</b>` + (data.gc_cpu !== null ? ` · GC CPU <b>${(100 * data.gc_cpu).toFixed(1)}%</b>` : "")
    + ` · ${data.cycles} GC cycles` + (data.gogc !== null && data.gogc !== undefined ? ` · GOGC=${esc(data.gogc)}` : "") + (data.limit ? ` · GOMEMLIMIT=${(data.limit / MiB).toFixed(1)} MiB` : "")
    + (data.gc_cpu_parts ? `<br><span class="gv-cpuparts">GC CPU by kind: ` + Object.entries({ background: "background workers (25%)", assist: "assists", stw: "pauses" })
      .filter(([k]) => k in data.gc_cpu_parts).map(([k, name]) => `${name} <b>${(100 * data.gc_cpu_parts[k]).toFixed(1)}%</b>`).join(" · ") + "</span>" : "");
  const legendEl = h("div", { class: "gv-legend" });
  for (const [k, c] of [["heap", "#1f77b4"], ["goal", "#2ca02c"], ["trigger", "#ff7f0e"], ["GOMEMLIMIT", "#d62728"]]
    .concat((data.marks || []).length ? [["concurrent mark", "rgba(44,160,44,0.35)"]] : [])) { const sp = h("span", { text: k }); sp.style.setProperty("--c", c); legendEl.append(sp); }
  const hover = h("div", { class: "gv-readout" });
  const svgEl = chart.querySelector("svg"), cur = chart.querySelector(".gv-cursor");
  svgEl.addEventListener("mousemove", (e) => {
    const r = svgEl.getBoundingClientRect(), px = (e.clientX - r.left) * W / r.width;
    const tt = t[0] + (px - L) / (W - L - 10) * (t[n - 1] - t[0]);
    const i = Math.max(0, lastAtOrBefore(t, (x) => x, tt));
    cur.setAttribute("x1", X(t[i])); cur.setAttribute("x2", X(t[i])); cur.setAttribute("visibility", "visible");
    const marking = (data.marks || []).some(([a, b]) => a <= t[i] && t[i] <= b);
    hover.textContent = `${(t[i] / 1e6).toFixed(3)} ms: heap ${(data.heap[i] / MiB).toFixed(2)} MiB, goal ${(data.goal[i] / MiB).toFixed(2)}, trigger ${(data.trigger[i] / MiB).toFixed(2)} MiB`
      + (marking ? " — the GC is marking (the program runs on; the workers take 25% of the CPU, assists more)" : "");
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: "Heap over time" + (data.title ? ": " + data.title : "") })));
  const ctl = model.get("controls");
  if (ctl && ctl.enabled) {  // GOGC and GOMEMLIMIT re-run the model in the kernel
    const bar = h("div", { class: "gv-bar gv-heapctl" });
    const p = model.get("params") || {};
    const gx = h("input", { type: "range", min: "0", max: "11", step: "0.05", class: "gv-gogc", "aria-label": "GOGC" });
    const gl = h("span");
    const toGogc = (x) => x >= 11 ? "off" : Math.round(Math.pow(2, x) * 10) / 10 >= 1 ? Math.round(Math.pow(2, x)) : 1;
    gx.value = String(p.gogc === "off" || p.gogc < 0 ? 11 : Math.log2(Math.max(1, p.gogc || 100)));
    const lim = h("input", { type: "range", min: "0", max: String(ctl.limit_max_mib || 256), step: "1", class: "gv-limitctl", "aria-label": "GOMEMLIMIT (MiB)" });
    lim.value = String(p.limit_mib || 0);
    const ll = h("span");
    const label = () => { gl.textContent = "GOGC=" + toGogc(+gx.value); ll.textContent = +lim.value ? `GOMEMLIMIT=${lim.value} MiB` : "GOMEMLIMIT=off"; };
    label();
    let tmo = null;
    const send = () => { label(); clearTimeout(tmo); tmo = setTimeout(() => { model.set("params", { gogc: toGogc(+gx.value), limit_mib: +lim.value || 0 }); model.save_changes(); }, 150); };
    gx.oninput = send; lim.oninput = send;
    bar.append(gl, gx, ll, lim, h("small", { text: "(moving these re-runs the model in the kernel)" }));
    el.append(bar);
  }
  el.append(read, chart, legendEl, hover);
  return null;
}

// ---- GC: tri-colour graph ----------------------------------------------------------------------
function renderTricolor(model, el, data) {
  const W = 640, H = 360, pad = 36, R = 16;
  const P = data.pos.map(([x, y]) => [pad + x * (W - 2 * pad), pad + y * (H - 2 * pad)]);
  const FILL = { w: "#ffffff", g: "#9e9e9e", b: "#222222" }, TXT = { w: "#000", g: "#000", b: "#fff" };
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", W); svg.setAttribute("height", H);
  svg.innerHTML = `<defs><marker id="gvtri" markerWidth="8" markerHeight="8" refX="7" refY="3" orient="auto"><path d="M0,0 L7,3 L0,6 z" fill="#555"/></marker></defs>`;
  const edgeLayer = document.createElementNS(svgNS, "g"); svg.append(edgeLayer);
  const nodeEls = data.nodes.map((name, i) => {
    const g = document.createElementNS(svgNS, "g"); g.setAttribute("class", "gv-node"); g.dataset.node = name;
    const [x, y] = P[i];
    const isRoot = data.roots.includes(i);
    g.innerHTML = (isRoot ? `<rect x="${x - R - 3}" y="${y - R - 3}" width="${2 * R + 6}" height="${2 * R + 6}" fill="none" stroke="#999" stroke-dasharray="3 2"/>` : "")
      + `<circle cx="${x}" cy="${y}" r="${R}" stroke="#333" stroke-width="1.5"/><text x="${x}" y="${y + 4}" text-anchor="middle" font-size="10"></text>`
      + `<text class="gv-wb" x="${x + R}" y="${y - R}" font-size="9" fill="#e8a200" visibility="hidden">WB</text>`;
    g.querySelector("text").textContent = name;
    svg.append(g); return g;
  });
  const info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const pl = player(model, data.n, (step) => {
    const t0 = performance.now();
    const st = step > 0 ? data.steps[step - 1] : { c: "w".repeat(data.nodes.length), note: "before marking", shade: [], e: data.edges0 };
    edgeLayer.innerHTML = st.e.map(([a, b]) => {
      const [x0, y0] = P[a], [x1, y1] = P[b], d = Math.hypot(x1 - x0, y1 - y0) || 1;
      return `<line x1="${x0 + (x1 - x0) / d * R}" y1="${y0 + (y1 - y0) / d * R}" x2="${x1 - (x1 - x0) / d * (R + 3)}" y2="${y1 - (y1 - y0) / d * (R + 3)}" stroke="#555" marker-end="url(#gvtri)"/>`;
    }).join("");
    nodeEls.forEach((g, i) => {
      const c = st.c[i], circ = g.querySelector("circle");
      circ.setAttribute("fill", FILL[c]); g.querySelector("text").setAttribute("fill", TXT[c]);
      g.dataset.color = c;
      const wb = st.shade.includes(i);
      circ.setAttribute("stroke", wb ? "#e8a200" : "#333"); circ.setAttribute("stroke-width", wb ? "4" : "1.5");
      g.querySelector(".gv-wb").setAttribute("visibility", wb ? "visible" : "hidden");
    });
    info.innerHTML = step > 0 ? `<b>step ${step}</b>: ${esc(st.note)}` + (st.shade.length ? `<br>the write barrier shaded <b>${st.shade.map((i) => esc(data.nodes[i])).join(", ")}</b>` : "") : "<i>before marking: every object white</i>";
    el.dataset.renderMs = (performance.now() - t0).toFixed(2);
  });
  const lg = h("div", { class: "gv-legend" });
  for (const [k, c] of [["white: not found", "#fff"], ["grey: found, not scanned", "#9e9e9e"], ["black: scanned", "#222"], ["shaded by the write barrier", "#e8a200"]]) { const sp = h("span", { text: k }); sp.style.setProperty("--c", c); lg.append(sp); }
  const box = h("div", { class: "gv-svg" }); box.append(svg);
  el.append(h("div", { class: "gv-bar" }, h("b", { text: `Tri-colour mark (layout: ${data.layout})` })), pl.el, info, box, lg);
  pl.go(pl.step);
  return pl;
}

// ---- sync.Mutex ---------------------------------------------------------------------------------
function renderMutex(model, el, data) {
  const P = data.points, n = P.length;
  const bits = h("div", { class: "gv-bits" }), queue = h("div", { class: "gv-queue" }), info = h("div", { class: "gv-event", role: "status", "aria-live": "polite" });
  const W = 760, H = 46;
  const t0 = n ? P[0].t : 0, t1 = n ? Math.max(P[n - 1].t, t0 + 1) : 1;
  const X = (t) => 4 + (t - t0) / (t1 - t0) * (W - 8);
  let strip = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="9">`;
  for (let k = 0; k < n; k++) {
    const xa = X(P[k].t), xb = k + 1 < n ? X(P[k + 1].t) : W - 4;
    strip += `<rect x="${xa}" y="4" width="${Math.max(0.5, xb - xa)}" height="14" fill="${P[k].starving ? "#d62728" : "#9cc7ff"}"/>`;
    if (P[k].locked) strip += `<rect x="${xa}" y="22" width="${Math.max(0.5, xb - xa)}" height="6" fill="#555"/>`;
  }
  strip += `<text x="4" y="40">blue: normal mode · red: starvation mode · grey bar: locked</text><line class="gv-cursor" x1="0" x2="0" y1="0" y2="30" stroke="#e8a200" stroke-width="2"/></svg>`;
  const stripBox = h("div", { class: "gv-svg" }); stripBox.innerHTML = strip;
  const cur = stripBox.querySelector(".gv-cursor");
  const pl = player(model, Math.max(0, n - 1), (k) => {
    const ts = performance.now();
    if (!n) { info.textContent = "no points"; return; }
    const p = P[k];
    bits.innerHTML = `<div title="state >> mutexWaiterShift">waiters ${p.waiters}</div><div class="${p.starving ? "gv-on" : ""}" title="mutexStarving (4)">starving</div>`
      + `<div class="${p.woken ? "gv-on" : ""}" title="mutexWoken (2)">woken</div><div class="${p.locked ? "gv-on" : ""}" title="mutexLocked (1)">locked</div><div>state = ${p.state} = 0b${p.state.toString(2)}</div>`;
    queue.innerHTML = `<b>${p.starving ? "starvation" : "normal"} mode</b>` + (p.owner >= 0 ? ` · held by ${chip(p.owner)}` : "") + ` · waiters on the semaphore: ` + (p.queue.length ? p.queue.map((g) => chip(g)).join(" → ") : "none");
    info.innerHTML = `<b>${us(p.t)}</b> ` + esc(p.note || "");
    cur.setAttribute("x1", X(p.t)); cur.setAttribute("x2", X(p.t));
    el.dataset.renderMs = (performance.now() - ts).toFixed(2);
  });
  el.append(h("div", { class: "gv-bar" }, h("b", { text: "sync.Mutex" + (data.title ? ": " + data.title : "") })), pl.el, info, bits, queue, stripBox);
  pl.go(pl.step);
  return pl;
}

// ---- dispatch ------------------------------------------------------------------------------
const VIEWS = { timeline: renderTimeline, scheduler: renderScheduler, gstates: renderGstates, channel: renderChannel,
  source: renderSource, compare: renderCompare, heap: renderHeap, tricolor: renderTricolor, mutex: renderMutex };
export function registerView(name, fn) { VIEWS[name] = fn; }

function render({ model, el }) {
  el.classList.add("gv-root");
  let current = null;
  const draw = () => {
    if (current && current.dispose) current.dispose();
    current = null;
    el.replaceChildren();
    const err = model.get("error");
    if (err) { showError(el, err); return; }
    try {
      const data = model.get("data") || {};
      const fn = VIEWS[model.get("view")];
      if (!fn) throw new Error("unknown view " + model.get("view"));
      current = fn(model, el, data);
      el.dataset.ready = "1";
    } catch (e) { showError(el, e); }
  };
  model.on("change:data", draw);
  model.on("change:error", draw);
  model.on("change:controls", draw);
  draw();
  return () => { if (current && current.dispose) current.dispose(); };
}

export default { render };
