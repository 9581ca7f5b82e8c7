// trace-q --html's viewer: inlined into the report with its data (no network, no library).
// The calls are columns (typed arrays); each frame draws only what is in view, and spans
// narrower than a pixel are drawn once per pixel (see drawLane).
'use strict';
(() => {
  const COLORS = { process: '#8e44ad', network: '#1e88e5', ipc: '#00897b', signal: '#f4511e', memory: '#7cb342', file: '#f9a825', desc: '#6d8bb3', other: '#90a4ae' };
  const LINK_COLORS = { fork: '#6a1b9a', vfork: '#6a1b9a', clone: '#6a1b9a', exec: '#00838f' };
  const AXIS_H = 22;
  const PROC_H = 18;
  const LANE_H = 20;
  const SPAN_H = 12;

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') e.textContent = v;
      else if (k === 'style') e.style.cssText = v;
      else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  };

  /** A base64 gzip block of the page, decompressed. */
  async function unpack(id) {
    const b64 = $(id).textContent;
    const gz = await (await fetch(`data:application/octet-stream;base64,${b64}`)).arrayBuffer();
    return new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  }

  const meta = JSON.parse($('meta').textContent);
  const cats = meta.categories;

  function seconds(ns) {
    const s = ns / 1e9;
    if (s >= 1) return `${s.toFixed(3)} s`;
    if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
    if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
    return `${Math.round(ns)} ns`;
  }

  function layout() {
    // a process header row, then one lane per thread
    const rows = [];
    const laneY = new Float64Array(meta.lanes.length);
    let y = AXIS_H;
    const byPid = new Map();
    meta.lanes.forEach((l, i) => {
      if (!byPid.has(l.pid)) byPid.set(l.pid, []);
      byPid.get(l.pid).push(i);
    });
    const procs = new Map(meta.processes.map((p) => [p.pid, p]));
    for (const [pid, lanes] of byPid) {
      const p = procs.get(pid);
      rows.push({ kind: 'proc', y, pid, text: `${pid} ${p ? p.command : '?'}` });
      y += PROC_H;
      for (const i of lanes) {
        laneY[i] = y;
        const tid = meta.lanes[i].tid;
        rows.push({ kind: 'lane', y, lane: i, tid, pid, text: tid === pid ? `${tid} (main)` : `${tid}` });
        y += LANE_H;
      }
    }
    return { rows, laneY, height: y + 6 };
  }

  function buildUi(lay) {
    const app = $('app');
    app.textContent = '';
    const legend = el('div', { class: 'legend' });
    for (const c of cats) legend.append(el('span', {}, el('i', { style: `background:${COLORS[c]}` }), c));
    legend.append(el('span', {}, el('i', { style: 'background:#d32f2f' }), 'failed'));
    legend.append(el('span', {}, el('i', { style: 'background:#ffb300;transform:rotate(45deg) scale(.8)' }), 'signal delivered'));
    legend.append(el('span', {}, el('i', { style: 'background:#263238;width:3px' }), 'exit'));
    legend.append(el('span', {}, el('i', { style: 'background:#6a1b9a;height:2px' }), 'fork/clone'));
    legend.append(el('span', {}, el('i', { style: 'background:#00838f;height:2px' }), 'exec'));
    const header = el(
      'header',
      {},
      el('h1', { text: meta.title }),
      el('span', { text: `${meta.count} syscalls, ${meta.lanes.length} threads, ${meta.processes.length} processes, ${seconds(meta.endNs - meta.firstNs)}` }),
      legend,
      el('span', { class: 'keys', text: 'wheel or +/- (w/s): zoom · drag or ←/→ (a/d): pan · 0: all · click a span: its strace line' }),
    );
    const tree = el('aside', { id: 'tree' }, el('h2', { text: 'Processes' }), processTree());
    const labels = el('div', { id: 'labels', style: `height:${lay.height}px` });
    for (const r of lay.rows) {
      const attrs = r.kind === 'proc' ? { class: 'proc', 'data-pid': r.pid } : { class: 'lane', 'data-tid': r.tid, 'data-pid': r.pid };
      const h = r.kind === 'proc' ? PROC_H : LANE_H;
      labels.append(el('div', { ...attrs, style: `top:${r.y}px;height:${h}px;line-height:${h}px`, title: r.text, text: r.text }));
    }
    const canvas = el('canvas', { id: 'canvas' });
    const scroller = el('div', { id: 'scroller' }, el('div', { id: 'rows' }, labels, canvas));
    const main = el('div', { id: 'main' }, tree, scroller);
    const details = el('section', { id: 'details' }, el('h2', { text: 'Call' }), el('p', { class: 'facts', text: 'Click a span, a signal or an exit.' }));
    const bottom = el('div', { id: 'bottom' }, details, summaryChart());
    app.append(header, main, bottom);
    return { canvas, scroller };
  }

  function processTree() {
    const children = new Map();
    const pids = new Set(meta.processes.map((p) => p.pid));
    const roots = [];
    for (const p of meta.processes) {
      if (p.ppid !== null && pids.has(p.ppid) && p.ppid !== p.pid) {
        if (!children.has(p.ppid)) children.set(p.ppid, []);
        children.get(p.ppid).push(p);
      } else roots.push(p);
    }
    const item = (p) => {
      const main = p.threads.find((t) => t.tid === p.pid) ?? p.threads[0];
      const status = main && main.exit ? main.exit.replace(/^\+\+\+ | \+\+\+$/g, '') : 'not ended';
      const li = el(
        'li',
        { 'data-pid': p.pid },
        el('span', { class: 'pid', text: `${p.pid} ` }),
        el('span', { class: 'cmd', text: p.command }),
        el('span', { class: `status${/killed|exited with [1-9]/.test(status) ? ' bad' : ''}`, text: ` (${status}${p.threads.length > 1 ? `, ${p.threads.length} threads` : ''})` }),
      );
      const kids = children.get(p.pid);
      if (kids) li.append(el('ul', {}, ...kids.map(item)));
      return li;
    };
    return el('ul', {}, ...roots.map(item));
  }

  function summaryChart() {
    const rows = meta.summary.rows;
    const box = el('section', { id: 'summary' }, el('h2', { text: `Summary (-c${meta.summary.clock === 'wall' ? ' -w' : ''}): ${meta.summary.clock === 'wall' ? 'wall-clock' : 'system'} time by syscall` }));
    const total = rows.reduce((s, r) => s + r.ns, 0);
    const most = Math.max(1, ...rows.map((r) => r.ns));
    for (const r of rows) {
      const pct = total === 0 ? 0 : (100 * r.ns) / total;
      const text = `${pct.toFixed(2)}% · ${r.calls} calls${r.errors ? ` · ${r.errors} errors` : ''} · ${seconds(r.ns)}`;
      const name = meta.names.indexOf(r.name);
      const color = name >= 0 ? COLORS[cats[categoryOfName[name] ?? cats.length - 1]] : COLORS.other;
      box.append(
        el(
          'div',
          { class: 'bar', 'data-name': r.name, 'data-calls': r.calls, 'data-errors': r.errors, 'data-ns': r.ns },
          el('span', { class: 'name', text: r.name }),
          el('span', { class: 'track' }, el('span', { class: 'fill', style: `width:${(100 * r.ns) / most}%;background:${color}55` }), el('span', { class: 'text', text })),
        ),
      );
    }
    return box;
  }

  let categoryOfName = [];

  async function start() {
    const [id, startNs, dur, lane, name, flags] = await Promise.all(
      ['id', 'start', 'dur', 'lane', 'name', 'flags'].map((c) => unpack(`col-${c}`)),
    );
    const col = {
      id: new Uint32Array(id),
      start: new Float64Array(startNs),
      dur: new Float32Array(dur),
      lane: new Uint32Array(lane),
      name: new Uint16Array(name),
      flags: new Uint8Array(flags),
    };
    const n = meta.count;
    categoryOfName = new Array(meta.names.length);
    for (let i = 0; i < n; i++) categoryOfName[col.name[i]] ??= col.flags[i] & meta.flags.category;
    // each lane's calls, by start
    const counts = new Uint32Array(meta.lanes.length + 1);
    for (let i = 0; i < n; i++) counts[col.lane[i] + 1]++;
    for (let l = 1; l < counts.length; l++) counts[l] += counts[l - 1];
    const order = new Uint32Array(n);
    const fill = counts.slice();
    for (let i = 0; i < n; i++) order[fill[col.lane[i]]++] = i;
    const laneCalls = [];
    const laneFailed = [];
    for (let l = 0; l < meta.lanes.length; l++) {
      const idx = order.subarray(counts[l], counts[l + 1]);
      let sorted = true;
      for (let k = 1; k < idx.length && sorted; k++) sorted = col.start[idx[k - 1]] <= col.start[idx[k]];
      if (!sorted) idx.sort((a, b) => col.start[a] - col.start[b]);
      laneCalls.push(idx);
      laneFailed.push(idx.filter((i) => col.flags[i] & meta.flags.failed));
    }
    const byId = new Map();
    const indexOfId = (callId) => {
      if (byId.size === 0) for (let i = 0; i < n; i++) byId.set(col.id[i], i);
      return byId.get(callId);
    };

    const lay = layout();
    const { canvas, scroller } = buildUi(lay);
    const ctx = canvas.getContext('2d');
    const full = { t0: meta.firstNs, t1: Math.max(meta.endNs, meta.firstNs + 1) };
    const margin = () => (full.t1 - full.t0) * 0.01;
    const view = { t0: full.t0 - margin(), t1: full.t1 + margin() };
    let width = 0;
    let spansDrawn = 0;
    let selected = -1;

    const x = (t) => ((t - view.t0) / (view.t1 - view.t0)) * width;
    const timeAt = (px) => view.t0 + (px / width) * (view.t1 - view.t0);
    /** The first of `idx` whose start is >= t. */
    const lowerBound = (idx, t) => {
      let lo = 0;
      let hi = idx.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (col.start[idx[mid]] < t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };

    function resize() {
      const dpr = window.devicePixelRatio || 1;
      width = canvas.clientWidth;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(lay.height * dpr);
      canvas.style.height = `${lay.height}px`;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      draw();
    }

    function drawAxis() {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, AXIS_H);
      const span = view.t1 - view.t0;
      const raw = span / Math.max(1, width / 110);
      const step = [1, 2, 5].map((m) => m * 10 ** Math.floor(Math.log10(raw))).concat([10 * 10 ** Math.floor(Math.log10(raw))]).find((s) => s >= raw);
      ctx.fillStyle = '#38424c';
      ctx.strokeStyle = '#e3e6ea';
      ctx.font = '11px system-ui, sans-serif';
      for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
        const px = Math.round(x(t)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(px, AXIS_H - 6);
        ctx.lineTo(px, lay.height);
        ctx.stroke();
        ctx.fillText(seconds(t), px + 3, 14);
      }
    }

    /** One lane: spans in view, one rectangle per pixel where they are narrower than that. */
    function drawLane(l) {
      const idx = laneCalls[l];
      const y = lay.laneY[l] + (LANE_H - SPAN_H) / 2;
      const nsPerPx = (view.t1 - view.t0) / width;
      let k = Math.max(0, lowerBound(idx, view.t0) - 1);
      while (k < idx.length) {
        const i = idx[k];
        const s = col.start[i];
        if (s > view.t1) break;
        const x0 = x(s);
        const x1 = x(s + col.dur[i]);
        const cat = cats[col.flags[i] & meta.flags.category];
        ctx.fillStyle = COLORS[cat];
        spansDrawn++;
        if (x1 - x0 < 1) {
          // everything that starts within this pixel is drawn as this one pixel
          const px = Math.floor(x0);
          ctx.fillRect(px, y, 1, SPAN_H);
          k = Math.max(k + 1, lowerBound(idx, view.t0 + (px + 1) * nsPerPx));
          continue;
        }
        ctx.fillRect(x0, y, x1 - x0, SPAN_H);
        if (col.flags[i] & meta.flags.unfinished) {
          ctx.strokeStyle = '#37474f';
          ctx.setLineDash([3, 2]);
          ctx.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, SPAN_H - 1);
          ctx.setLineDash([]);
        }
        if (x1 - x0 > 36) {
          ctx.save();
          ctx.beginPath();
          ctx.rect(x0, y, x1 - x0, SPAN_H);
          ctx.clip();
          ctx.fillStyle = '#111';
          ctx.font = '10px ui-monospace, monospace';
          ctx.fillText(meta.names[col.name[i]], Math.max(x0, 0) + 2, y + 10);
          ctx.restore();
        }
        k++;
      }
      // failed calls: a red mark under the span, one per pixel
      const failed = laneFailed[l];
      ctx.fillStyle = '#d32f2f';
      let last = -Infinity;
      for (let f = Math.max(0, lowerBound(failed, view.t0) - 1); f < failed.length; f++) {
        const i = failed[f];
        if (col.start[i] > view.t1) break;
        const x0 = x(col.start[i]);
        const w = Math.max(2, x(col.start[i] + col.dur[i]) - x0);
        if (Math.floor(x0) === last) continue;
        last = Math.floor(x0);
        ctx.fillRect(x0, y + SPAN_H, w, 3);
      }
    }

    function markers() {
      // signals: diamonds; exits: a bar with the status above the lane
      const out = [];
      for (const s of meta.signals) out.push({ kind: 'signal', ns: s.ns, lane: s.lane, text: s.line, name: s.name });
      meta.lanes.forEach((l, i) => {
        const p = meta.processes.find((q) => q.pid === l.pid);
        const t = p && p.threads.find((th) => th.tid === l.tid);
        if (t && t.exit !== null && t.exitNs !== null) out.push({ kind: 'exit', ns: t.exitNs, lane: i, text: t.exit, name: 'exit' });
      });
      return out;
    }
    const marks = markers();
    const laneOfTid = new Map(meta.lanes.map((l, i) => [l.tid, i]));

    function drawMarks() {
      for (const m of marks) {
        const px = x(m.ns);
        if (px < -10 || px > width + 10) continue;
        const y = lay.laneY[m.lane];
        if (m.kind === 'signal') {
          ctx.fillStyle = '#ffb300';
          ctx.strokeStyle = '#8d5b00';
          ctx.beginPath();
          ctx.moveTo(px, y + 1);
          ctx.lineTo(px + 5, y + LANE_H / 2);
          ctx.lineTo(px, y + LANE_H - 1);
          ctx.lineTo(px - 5, y + LANE_H / 2);
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
        } else {
          ctx.fillStyle = /killed|exited with [1-9]/.test(m.text) ? '#c62828' : '#263238';
          ctx.fillRect(px - 1, y + 1, 3, LANE_H - 2);
        }
      }
    }

    function drawLinks() {
      ctx.lineWidth = 1.5;
      for (const l of meta.links) {
        const a = laneOfTid.get(l.fromTid);
        const b = laneOfTid.get(l.toTid);
        if (a === undefined || b === undefined) continue;
        const xa = x(l.fromNs);
        const xb = x(l.toNs);
        if (Math.max(xa, xb) < 0 || Math.min(xa, xb) > width) continue;
        const ya = lay.laneY[a] + LANE_H / 2;
        const yb = lay.laneY[b] + LANE_H / 2;
        ctx.strokeStyle = LINK_COLORS[l.kind];
        ctx.beginPath();
        ctx.moveTo(xa, ya);
        if (a === b) ctx.arc(xa, ya - 4, 4, Math.PI / 2, Math.PI * 2.5);
        else ctx.bezierCurveTo(xa + 20, ya, xb - 20, yb, xb, yb);
        ctx.stroke();
        ctx.beginPath();
        ctx.fillStyle = LINK_COLORS[l.kind];
        ctx.arc(xb, yb, 2.5, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.lineWidth = 1;
    }

    function draw() {
      spansDrawn = 0;
      ctx.clearRect(0, 0, width, lay.height);
      drawAxis();
      for (const r of lay.rows) {
        if (r.kind !== 'proc') continue;
        ctx.fillStyle = '#eef1f4';
        ctx.fillRect(0, r.y, width, PROC_H);
      }
      for (let l = 0; l < meta.lanes.length; l++) drawLane(l);
      drawMarks();
      drawLinks();
      if (selected >= 0) {
        const i = selected;
        const y = lay.laneY[col.lane[i]] + (LANE_H - SPAN_H) / 2;
        const x0 = x(col.start[i]);
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 - 1, y - 2, Math.max(2, x(col.start[i] + col.dur[i]) - x0) + 2, SPAN_H + 4);
        ctx.lineWidth = 1;
      }
      canvas.dataset.spansDrawn = String(spansDrawn);
    }

    let frame = 0;
    const redraw = () => {
      if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), draw()));
    };
    const zoom = (factor, atPx) => {
      const t = timeAt(atPx);
      const span = Math.max(100, (view.t1 - view.t0) * factor);
      const f = atPx / width;
      view.t0 = t - f * span;
      view.t1 = view.t0 + span;
      redraw();
    };
    const pan = (px) => {
      const dt = (px / width) * (view.t1 - view.t0);
      view.t0 += dt;
      view.t1 += dt;
      redraw();
    };

    canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) pan(e.deltaX || e.deltaY);
      else zoom(Math.pow(1.0015, e.deltaY), e.offsetX);
    }, { passive: false });
    let drag = null;
    canvas.addEventListener('mousedown', (e) => {
      drag = { x: e.clientX, moved: false };
      canvas.classList.add('dragging');
    });
    window.addEventListener('mousemove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      if (drag.moved) {
        pan(-dx);
        drag.x = e.clientX;
      }
    });
    window.addEventListener('mouseup', (e) => {
      if (!drag) return;
      const click = !drag.moved;
      drag = null;
      canvas.classList.remove('dragging');
      if (click && e.target === canvas) pick(e.offsetX, e.offsetY);
    });
    window.addEventListener('keydown', (e) => {
      const keys = {
        '+': () => zoom(1 / 1.5, width / 2), '=': () => zoom(1 / 1.5, width / 2), w: () => zoom(1 / 1.5, width / 2),
        '-': () => zoom(1.5, width / 2), s: () => zoom(1.5, width / 2),
        ArrowLeft: () => pan(-width / 8), a: () => pan(-width / 8), ArrowRight: () => pan(width / 8), d: () => pan(width / 8),
        '0': () => ((view.t0 = full.t0 - margin()), (view.t1 = full.t1 + margin()), redraw()),
      };
      const act = keys[e.key];
      if (act && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        act();
      }
    });
    new ResizeObserver(resize).observe(canvas);

    /** What is under (px, py): a marker, else the call whose span holds that time, else one within 3 px. */
    function pick(px, py) {
      const l = lay.laneY.findIndex((y) => py >= y && py < y + LANE_H);
      if (l < 0) return;
      const m = marks.find((mk) => mk.lane === l && Math.abs(x(mk.ns) - px) <= 5);
      if (m) return showMark(m);
      const idx = laneCalls[l];
      const t = timeAt(px);
      const slack = 3 * ((view.t1 - view.t0) / width);
      let best = -1;
      let bestDist = Infinity;
      for (let k = Math.max(0, lowerBound(idx, t - slack) - 1); k < idx.length && col.start[idx[k]] <= t + slack; k++) {
        const i = idx[k];
        const d = t < col.start[i] ? col.start[i] - t : t > col.start[i] + col.dur[i] ? t - col.start[i] - col.dur[i] : 0;
        // a span under the pointer wins; of those, the narrowest
        if (d <= slack && (d < bestDist || (d === 0 && bestDist === 0 && col.dur[i] < col.dur[best]))) {
          best = i;
          bestDist = d;
        }
      }
      if (best >= 0) showCall(best);
    }

    const chunks = new Map();
    const chunkOf = (c) => {
      if (!chunks.has(c)) chunks.set(c, unpack(`chunk-${c}`).then((b) => JSON.parse(new TextDecoder().decode(b))));
      return chunks.get(c);
    };

    function hexDump(hex) {
      const lines = [];
      for (let o = 0; o < hex.length / 2; o += 16) {
        const bytes = hex.slice(o * 2, o * 2 + 32);
        const h = bytes.match(/../g).join(' ');
        const a = bytes.match(/../g).map((b) => { const c = parseInt(b, 16); return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.'; }).join('');
        lines.push(`${o.toString(16).padStart(5, '0')}  ${h.padEnd(47)}  ${a}`);
      }
      return lines.join('\n');
    }

    async function showCall(i) {
      selected = i;
      redraw();
      const [line, caps] = (await chunkOf(Math.floor(i / meta.chunk)))[i % meta.chunk];
      const l = meta.lanes[col.lane[i]];
      const box = $('details');
      box.textContent = '';
      box.dataset.id = String(col.id[i]);
      const f = col.flags[i];
      box.append(
        el('h2', { text: `Call ${col.id[i]}` }),
        el('pre', { class: 'strace-line', text: line }),
        el('p', { class: 'facts', text: `pid ${l.pid} tid ${l.tid} · ${cats[f & meta.flags.category]} · at ${seconds(col.start[i])} · ${f & meta.flags.unfinished ? 'unfinished' : `took ${seconds(col.dur[i])}`}${f & meta.flags.failed ? ' · failed' : ''}` }),
      );
      const capsBox = el('div', { class: 'captures' });
      if (caps.length === 0) capsBox.append(el('p', { class: 'facts', text: 'No argument memory captured.' }));
      for (const c of caps) {
        capsBox.append(el('div', { class: 'facts', text: `at ${c.at}: argument ${c.arg + 1} at ${c.addr}, ${c.size} bytes${c.hex === null ? ' (unreadable)' : c.more ? ` (${c.more} more bytes in the recording)` : ''}` }));
        if (c.hex) capsBox.append(el('pre', { class: 'bytes', text: hexDump(c.hex) }));
      }
      box.append(capsBox);
    }

    function showMark(m) {
      selected = -1;
      redraw();
      const box = $('details');
      box.textContent = '';
      delete box.dataset.id;
      const l = meta.lanes[m.lane];
      box.append(el('h2', { text: m.kind === 'signal' ? `Signal ${m.name}` : 'Exit' }), el('pre', { class: 'strace-line', text: m.text }), el('p', { class: 'facts', text: `pid ${l.pid} tid ${l.tid} · at ${seconds(m.ns)}` }));
    }

    resize();
    window.timeline = {
      /** For tests: where call `id` is drawn, in page coordinates (scrolled into view). */
      spanBox(callId) {
        const i = indexOfId(callId);
        if (i === undefined) return null;
        const y = lay.laneY[col.lane[i]];
        scroller.scrollTop = Math.max(0, y - 40);
        const r = canvas.getBoundingClientRect();
        const x0 = Math.max(0, x(col.start[i]));
        const x1 = Math.min(width, x(col.start[i] + col.dur[i]));
        return { x: r.left + x0, y: r.top + y + (LANE_H - SPAN_H) / 2, width: Math.max(0, x1 - x0), height: SPAN_H };
      },
      zoomTo(t0, t1) {
        view.t0 = t0;
        view.t1 = t1;
        draw();
      },
    };
    document.body.dataset.ready = '1';
  }

  start().catch((e) => {
    $('app').textContent = `The timeline could not be read: ${e && e.message}`;
    document.body.dataset.ready = 'error';
  });
})();
