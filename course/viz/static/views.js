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
  const first = h("button", { title: "first step", text: "⏮" });
  const prev = h("button", { title: "previous step", text: "◀" });
  const play = h("button", { title: "play / pause", text: "▶", class: "gv-play" });
  const next = h("button", { title: "next step", text: "▶|" });
  const last = h("button", { title: "last step", text: "⏭" });
  const slider = h("input", { type: "range", min: "0", max: String(n), step: "1", value: "0", class: "gv-slider", "aria-label": "step" });
  const label = h("span", { class: "gv-steplabel" });
  const speed = h("select", { title: "steps per tick", class: "gv-speed" });
  for (const s of [1, 5, 25, 100, 500]) speed.append(h("option", { value: String(s), text: s + "×" }));
  bar.append(first, prev, play, next, last, slider, label, speed);
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
    onStep(step);
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
  function draw() {
    const w = W(), dpr = window.devicePixelRatio || 1;
    canvas.width = w * dpr; canvas.height = height * dpr; canvas.style.height = height + "px";
    const c = canvas.getContext("2d");
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, w, height);
    c.font = "11px sans-serif"; c.textBaseline = "middle";
    for (const [t0, t1] of data.gc) {  // stop-the-world spans under everything
      c.fillStyle = "rgba(44,160,44,0.15)"; c.fillRect(x(t0), top, Math.max(1, x(t1) - x(t0)), lanes.length * laneH);
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
      c.fillStyle = gColor(S.g[j]);
      if (S.kind[j] === "syscall") { c.globalAlpha = 0.45; }
      c.fillRect(x0, y, x1 - x0, laneH - 6);
      c.globalAlpha = 1;
      if (S.kind[j] === "syscall") { c.strokeStyle = "#555"; c.setLineDash([3, 2]); c.strokeRect(x0, y, x1 - x0, laneH - 6); c.setLineDash([]); }
      if (x1 - x0 > 26) { c.fillStyle = "#fff"; c.fillText("G" + S.g[j], x0 + 3, y + (laneH - 6) / 2); }
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
    if (cursor >= 0 && cursor < ev.n) {
      const xx = x(ev.t[cursor]);
      c.strokeStyle = "#e8a200"; c.lineWidth = 2; c.beginPath(); c.moveTo(xx, top - 4); c.lineTo(xx, top + lanes.length * laneH); c.stroke();
      if (ev.p[cursor] >= 0 && ev.p[cursor] < lanes.length) { c.fillStyle = "#e8a200"; c.beginPath(); c.arc(xx, top + ev.p[cursor] * laneH + laneH / 2, 4, 0, 6.3); c.fill(); }
    }
    canvas.dataset.drawn = String(drawn);
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
      html = `<b>G${S.g[j]}</b> ${S.kind[j] === "syscall" ? "in a syscall" : "runs"} on ${esc(lanes[S.p[j]])}, ${us(S.t0[j])} – ${us(S.t1[j])} (${((S.t1[j] - S.t0[j]) / 1000).toFixed(3)}µs)`
        + `<br>began: ${evHTML(ev, S.e0[j])}<br>ended: ${evHTML(ev, S.e1[j])}`;
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
  for (let j = 0; j < S.p.length; j++) out.push({ name: "G" + S.g[j] + (S.kind[j] === "syscall" ? " (syscall)" : ""), ph: "X", pid: 1, tid: S.p[j], ts: S.t0[j] / 1000, dur: (S.t1[j] - S.t0[j]) / 1000 });
  for (let i = 0; i < ev.n; i++) if (ev.k[i] !== 8) out.push({ name: ev.kinds[ev.k[i]], ph: "i", s: "t", pid: 1, tid: Math.max(0, ev.p[i]), ts: ev.t[i] / 1000, args: { g: ev.g[i], what: ev.whats[ev.w[i]], why: ev.reasons[ev.r[i]] || "" } });
  return JSON.stringify({ traceEvents: out, displayTimeUnit: "ns" });
}

function renderTimeline(model, el, data) {
  const ev = data.events;
  const info = h("div", { class: "gv-event" });
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
  const info = h("div", { class: "gv-event" });
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
      c.cur.innerHTML = `running: ${run >= 0 ? chip(run, run === hotG ? "gv-hot" : "") : "—"} &nbsp; runnext: <span class="gv-slot">${rn >= 0 ? chip(rn, rn === hotG ? "gv-hot" : "") : "&nbsp;"}</span>`;
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

// ---- dispatch ------------------------------------------------------------------------------
const VIEWS = { timeline: renderTimeline, scheduler: renderScheduler };
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
  draw();
  return () => { if (current && current.dispose) current.dispose(); };
}

export default { render };
