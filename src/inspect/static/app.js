/* global document, location, window, WebSocket, DOMParser, fetch, requestAnimationFrame, setTimeout, clearTimeout, setInterval, clearInterval, Blob, URL, FileReader */
// pillar inspect: the page. Plain browser JavaScript, no framework, no bundler, nothing fetched
// from anywhere but this server. Text from the server is always set with textContent.

const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';
const LANES = ['team', 'DPPA', 'DPO', 'SPG'];
const PHASE_LABELS = {
  nonMission: 'non-mission',
  specialPoliticalMission: 'special political mission',
  peacekeeping: 'peacekeeping',
  transition: 'transition',
};
const STREAM_KEPT = 40;
const PLAY_MS = 250;
/** Scale at which the chart is readable: its 12-unit labels are 12 px. */
const READABLE = 1;
const MIN_SCALE = 0.15;
const MAX_SCALE = 3;

const state = {
  ws: null,
  seq: 0,
  view: null,
  sources: [],
  stream: [],
  streamCount: 0,
  playing: false,
  playTimer: null,
  states: new Map(),
  transitions: [],
  nextId: 1,
  draftTimer: null,
  streamFrame: 0,
  cam: { x: 0, y: 0, scale: READABLE },
  chartSize: { width: 0, height: 0 },
  followActive: true,
  lastActive: '',
  pillar: null,
  /** The mandated tasks (from the hello message), for the event form's task select. */
  tasks: [],
  /** ADOPT_PLAN receivers the user picked in the Tasks tab: task -> receiver. */
  planDraft: {},
};

/** Creates an element; `attrs` are attributes (class, title, data-*), children are nodes or text. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false)
      el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return el;
}

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

function monthIndex(month) {
  const [y, m] = month.split('-').map(Number);
  return y * 12 + m - 1;
}

function monthAt(start, offset) {
  const i = monthIndex(start) + offset;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

// ---- connection --------------------------------------------------------------------------

/** The one place the page's WebSocket URL is built (from `location`). */
function wsUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // The session's token comes with the page's address (?token=...); the server requires it.
  const token = (/[?&]token=([^&#]*)/.exec(location.search) || [])[1] || '';
  return `${scheme}://${location.host}${path}?token=${token}`;
}

function connect() {
  const ws = new WebSocket(wsUrl('/ws'));
  state.ws = ws;
  state.seq = 0;
  setConn('connecting', 'connecting…');
  ws.addEventListener('open', () => setConn('open', 'live'));
  ws.addEventListener('close', () => {
    setConn('closed', 'disconnected, retrying…');
    stopPlay();
    setTimeout(connect, 1000);
  });
  ws.addEventListener('message', (e) => {
    let msg;
    try {
      msg = JSON.parse(e.data);
    } catch {
      return;
    }
    if (msg.seq !== state.seq + 1)
      toast(`stream out of order: ${msg.seq} after ${state.seq}`, 'bad');
    state.seq = msg.seq;
    onMessage(msg);
  });
}

function setConn(kind, text) {
  const el = $('conn');
  el.dataset.state = kind;
  el.textContent = text;
}

function send(message) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
}

function onMessage(msg) {
  switch (msg.type) {
    case 'hello':
      fillSelect($('scenario-select'), [
        ['', '(free session)'],
        ...msg.scenarios.map((id) => [id, id]),
      ]);
      fillSelect(
        $('f-service'),
        msg.services.map((id) => [id, id]),
      );
      state.tasks = Array.isArray(msg.tasks) ? msg.tasks : [];
      break;
    case 'view':
      state.view = msg.view;
      window.__pillarView = msg.view;
      render();
      break;
    case 'result':
      toast(
        msg.accepted
          ? `${msg.event.type} accepted`
          : `${msg.event.type ?? 'event'} refused: ${msg.reason}`,
        msg.accepted ? 'good' : 'bad',
      );
      break;
    case 'trace':
      download(msg.trace);
      break;
    case 'error':
      toast(msg.message, 'bad');
      stopPlay();
      break;
    case 'inspection':
      for (const event of msg.events) {
        state.stream.push({ source: msg.name, event });
        state.streamCount += 1;
      }
      if (state.stream.length > STREAM_KEPT)
        state.stream.splice(0, state.stream.length - STREAM_KEPT);
      if (!state.streamFrame) state.streamFrame = requestAnimationFrame(renderStream);
      break;
    case 'sources':
      state.sources = msg.sources;
      renderSources();
      break;
    default:
      break;
  }
}

function fillSelect(select, options) {
  const current = select.value;
  select.replaceChildren(...options.map(([value, text]) => h('option', { value }, text)));
  if (options.some(([value]) => value === current)) select.value = current;
}

let toastTimer = 0;
function toast(text, kind) {
  const el = $('toast');
  el.textContent = text;
  el.dataset.kind = kind;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.textContent = ''), 8000);
}

function download(trace) {
  const blob = new Blob([`${JSON.stringify(trace, null, 2)}\n`], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `${trace.start}-trace.json` });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- rendering ---------------------------------------------------------------------------

function render() {
  const v = state.view;
  if (!v) return;
  $('country').textContent = v.country;
  $('country').title = v.country;
  $('doctrine-title').textContent = v.doctrineTitle;
  $('doctrine-select').title = v.doctrineTitle;
  $('doctrine-select').value = v.doctrine;
  $('scenario-select').value = v.timeline ? v.timeline.scenarioId : '';
  $('state-path').textContent = v.active[v.active.length - 1] ?? '';
  $('steps').textContent = `${v.steps} steps · ${v.refused} refused`;
  $('undo').disabled = !v.canUndo;
  $('redo').disabled = !v.canRedo;
  renderChart(v);
  renderFacts(v);
  renderSteps(v);
  renderTimeline(v);
  renderEvents(v);
  renderTasks(v);
  renderContextTree(v);
  renderCaseFile(v);
  renderSequence(v);
  renderMore(v);
}

// ---- the chart: pan, zoom, highlight, click to send ----------------------------------------

async function loadChart() {
  const res = await fetch('/statechart.svg');
  const text = await res.text();
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return;
  const node = document.importNode(svg, true);
  node.dataset.width = node.getAttribute('width') ?? '1000';
  node.dataset.height = node.getAttribute('height') ?? '1000';
  node.removeAttribute('width');
  node.removeAttribute('height');
  node.setAttribute('role', 'presentation');
  $('statechart').replaceChildren(node);
  for (const g of node.querySelectorAll('g.state')) state.states.set(g.dataset.state, g);
  state.transitions = [...node.querySelectorAll('g.transition')];
  for (const g of state.transitions) {
    g.addEventListener('click', (e) => {
      e.stopPropagation();
      clickTransition(g);
    });
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        clickTransition(g);
      }
    });
  }
  measureChart();
  resetCamera();
  if (state.view) renderChart(state.view);
}

function chartSvg() {
  return $('statechart').querySelector('svg');
}

function measureChart() {
  const box = $('statechart').getBoundingClientRect();
  state.chartSize = { width: box.width, height: box.height };
}

function applyCamera() {
  const svg = chartSvg();
  if (!svg) return;
  const { width, height } = state.chartSize;
  const { x, y, scale } = state.cam;
  svg.setAttribute('viewBox', `${x} ${y} ${width / scale} ${height / scale}`);
  svg.dataset.scale = String(scale);
  const pct = `${Math.round(scale * 100)}%`;
  $('zoom-100').textContent = pct;
  $('zoom-100').setAttribute('aria-label', `${pct}: back to the readable size`);
}

/** Readable size, centred on the active state (or the chart's top). */
function resetCamera() {
  state.cam.scale = READABLE;
  state.followActive = true;
  centreOnActive(true);
}

function fitCamera() {
  const svg = chartSvg();
  if (!svg) return;
  const w = Number(svg.dataset.width);
  const hgt = Number(svg.dataset.height);
  const { width, height } = state.chartSize;
  const scale = Math.min(width / w, height / hgt);
  state.cam = { scale, x: (w - width / scale) / 2, y: (hgt - height / scale) / 2 };
  state.followActive = false;
  applyCamera();
}

function zoomBy(factor, cx = state.chartSize.width / 2, cy = state.chartSize.height / 2) {
  const { x, y, scale } = state.cam;
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
  // keep the point under (cx, cy) where it is
  state.cam = { scale: next, x: x + cx / scale - cx / next, y: y + cy / scale - cy / next };
  state.followActive = false;
  applyCamera();
}

/** Moves the camera so the deepest active state (and its box) is in view. */
function centreOnActive(force) {
  const v = state.view;
  const svg = chartSvg();
  if (!svg) return;
  const deepest = v ? v.active[v.active.length - 1] : undefined;
  const g = deepest ? state.states.get(deepest) : undefined;
  const rect = g ? g.querySelector('rect.box') : null;
  const chart = svg.querySelector('g.chart');
  const offsetY = chart
    ? Number(/translate\(0,([\d.]+)\)/.exec(chart.getAttribute('transform') ?? '')?.[1] ?? 0)
    : 0;
  const { width, height } = state.chartSize;
  const scale = state.cam.scale;
  if (!rect) {
    state.cam = { ...state.cam, x: 0, y: 0 };
    applyCamera();
    return;
  }
  const rx = Number(rect.getAttribute('x'));
  const ry = Number(rect.getAttribute('y')) + offsetY;
  const rw = Number(rect.getAttribute('width'));
  const rh = Number(rect.getAttribute('height'));
  const vw = width / scale;
  const vh = height / scale;
  const inView =
    rx >= state.cam.x &&
    ry >= state.cam.y &&
    rx + rw <= state.cam.x + vw &&
    ry + rh <= state.cam.y + vh;
  if (inView && !force) return;
  state.cam = { scale, x: rx + rw / 2 - vw / 2, y: ry + rh / 2 - vh / 2 };
  applyCamera();
}

function renderChart(v) {
  const active = new Set(v.active);
  for (const [id, g] of state.states) {
    const on = active.has(id);
    g.classList.toggle('active', on);
    if (on) g.setAttribute('aria-current', 'true');
    else g.removeAttribute('aria-current');
  }
  const enabled = new Map(v.enabled.map((e) => [e.id, e.event]));
  const taken = new Set(v.taken);
  for (const g of state.transitions) {
    const id = g.dataset.transition;
    const base = id.replace(/#\d+$/, '');
    const on = enabled.has(base);
    g.classList.toggle('enabled', on);
    g.classList.toggle('taken', taken.has(base));
    if (on) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      const shown = [...g.querySelectorAll('text')].map((t) => t.textContent).join(' ');
      g.setAttribute('aria-label', `${shown}: send ${g.dataset.event} from ${g.dataset.source}`);
    } else {
      g.removeAttribute('tabindex');
      g.removeAttribute('role');
      g.removeAttribute('aria-label');
    }
  }
  const deepest = v.active[v.active.length - 1] ?? '';
  if (deepest !== state.lastActive) {
    state.lastActive = deepest;
    if (state.followActive) centreOnActive(false);
  }
}

function clickTransition(g) {
  const v = state.view;
  if (!v) return;
  const type = g.dataset.event;
  if (!g.classList.contains('enabled')) {
    const verdict = v.verdicts.find((x) => x.type === type);
    const inState = v.active.includes(g.dataset.source);
    toast(
      !inState
        ? `${type} from ${g.dataset.source}: not in that state now`
        : verdict && !verdict.accepted
          ? `${type} refused: ${verdict.reason}`
          : `${type}: another candidate transition is taken with this payload`,
      'bad',
    );
    return;
  }
  sendEvent(type);
}

function wireChart() {
  const el = $('statechart');
  let drag = null;
  el.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || e.target.closest('g.transition.enabled')) return;
    drag = { x: e.clientX, y: e.clientY, cam: { ...state.cam } };
    el.setPointerCapture(e.pointerId);
    el.classList.add('dragging');
  });
  el.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const { scale } = drag.cam;
    state.cam = {
      scale,
      x: drag.cam.x - (e.clientX - drag.x) / scale,
      y: drag.cam.y - (e.clientY - drag.y) / scale,
    };
    state.followActive = false;
    applyCamera();
  });
  const end = () => {
    drag = null;
    el.classList.remove('dragging');
  };
  el.addEventListener('pointerup', end);
  el.addEventListener('pointercancel', end);
  el.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
    },
    { passive: false },
  );
  el.addEventListener('keydown', (e) => {
    if (e.target !== el) return;
    const step = 60 / state.cam.scale;
    const moves = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    if (moves[e.key]) {
      e.preventDefault();
      e.stopPropagation();
      state.cam.x += moves[e.key][0];
      state.cam.y += moves[e.key][1];
      state.followActive = false;
      applyCamera();
    } else if (e.key === '+' || e.key === '=') zoomBy(1.25);
    else if (e.key === '-') zoomBy(0.8);
  });
  $('zoom-in').addEventListener('click', () => zoomBy(1.25));
  $('zoom-out').addEventListener('click', () => zoomBy(0.8));
  $('zoom-100').addEventListener('click', resetCamera);
  $('zoom-fit').addEventListener('click', fitCamera);
  window.addEventListener('resize', () => {
    measureChart();
    applyCamera();
  });
}

// ---- facts, steps, timeline ----------------------------------------------------------------

function dept(el, department) {
  el.textContent = department;
  el.dataset.dept = department;
}

function renderFacts(v) {
  $('phase').textContent = `${PHASE_LABELS[v.phase] ?? v.phase}${v.stage ? ` · ${v.stage}` : ''}`;
  $('phase').dataset.phase = v.phase;
  const asOf = v.timeline ? v.timeline.cursor : v.month;
  $('month').textContent =
    asOf === v.month || !v.month ? `as of ${asOf ?? '—'}` : `as of ${asOf} · last event ${v.month}`;
  dept($('lead'), v.lead.department);
  $('lead-usg').textContent = `${v.lead.usg} leads`;
  dept($('informed'), v.informed.department);
  $('informed-usg').textContent = `${v.informed.usg} kept informed`;
  $('team').textContent = v.team.id;
  $('team').title = v.team.id;
  $('team-asg').textContent = `${v.team.asg} · ${v.team.tailoring}`;
  const line = $('presences-line');
  line.replaceChildren(
    h('span', { class: 'muted' }, 'Presences: '),
    ...(v.presences.length
      ? v.presences.map((p) =>
          h(
            'span',
            {
              class: 'kind',
              style: undefined,
              'data-kind': p.kind,
              title: `${p.kindLabel}, since ${p.since}, supported by ${p.supportedBy}`,
            },
            `${p.name} (${p.kind})${p.finalMandate ? ' · final mandate' : ''}${p.outgoing ? ' · outgoing' : ''}`,
          ),
        )
      : [h('span', {}, 'none (UN country team)')]),
  );
  for (const el of line.querySelectorAll('.kind')) {
    el.style.borderLeft = `12px solid var(--kind-${el.dataset.kind})`;
  }
}

function renderSteps(v) {
  const list = $('step-list');
  const items = v.stepList.map((item) => {
    const button = h(
      'button',
      {
        type: 'button',
        'data-step': item.step,
        'data-month': item.month ?? '',
        'aria-current': item.current ? 'step' : undefined,
      },
      h('span', { class: 'month' }, item.month ?? '—'),
      h('span', {}, item.label),
    );
    button.addEventListener('click', () => selectStep(item));
    return h('li', { class: item.undone ? 'undone' : undefined }, button);
  });
  const hadFocus = list.contains(document.activeElement);
  list.replaceChildren(...items);
  const current = list.querySelector('[aria-current="step"]');
  if (current) {
    current.scrollIntoView({ block: 'nearest' });
    if (hadFocus) current.focus();
  }
}

function selectStep(item) {
  const v = state.view;
  if (!v) return;
  stopPlay();
  if (v.timeline) send({ type: 'seek', month: item.month });
  else send({ type: 'goto', step: item.step });
}

/** Moves one step in the step list (arrow keys). */
function moveStep(delta) {
  const v = state.view;
  if (!v) return;
  if (v.timeline) {
    seekOffset(cursorOffset() + delta);
    return;
  }
  const index = v.stepList.findIndex((x) => x.current);
  const next = v.stepList[index + delta];
  if (next) selectStep(next);
}

function renderTimeline(v) {
  const t = v.timeline;
  $('timeline-body').hidden = !t;
  $('timeline-controls').hidden = !t;
  $('timeline-empty').hidden = !!t;
  if (!t) {
    $('timeline-note').textContent = '';
    stopPlay();
    return;
  }
  const index = monthIndex(t.cursor) - monthIndex(t.start);
  const slider = $('timeline-slider');
  slider.max = String(t.months - 1);
  if (document.activeElement !== slider || !state.sliding) slider.value = String(index);
  $('month-label').textContent = t.cursor;
  $('timeline-note').textContent =
    `${t.start} … ${t.end} · ${t.handovers.length} handover${t.handovers.length === 1 ? '' : 's'}${t.taskHandovers.length ? ` · ${t.taskHandovers.length} task(s) handed over` : ''}${t.orphanedTasks.length ? ` · ${t.orphanedTasks.length} orphaned` : ''}${v.offScript ? ` · ${v.offScript} event(s) off script` : ''}`;

  const band = $('band');
  const x = (month) => ((monthIndex(month) - monthIndex(t.start)) / t.months) * 1000;
  const w = (from, to) => ((monthIndex(to) - monthIndex(from) + 1) / t.months) * 1000;
  const parts = [];
  for (const p of t.periods) {
    parts.push(
      s('rect', {
        x: x(p.from),
        y: 14,
        width: w(p.from, p.to),
        height: 30,
        class: `lead ${p.lead}`,
      }),
    );
    parts.push(
      s('rect', {
        x: x(p.from),
        y: 48,
        width: w(p.from, p.to),
        height: 10,
        class: `ph ph-${p.phase}`,
      }),
    );
  }
  const startYear = Number(t.start.slice(0, 4));
  const endYear = Number(t.end.slice(0, 4));
  const stepYears = Math.max(1, Math.ceil((endYear - startYear) / 12));
  for (let y = startYear + 1; y <= endYear; y += stepYears) {
    const xx = x(`${y}-01`);
    parts.push(s('line', { x1: xx, x2: xx, y1: 58, y2: 64, class: 'tick' }));
    parts.push(s('text', { x: xx, y: 76, class: 'year' }, String(y)));
  }
  for (const hv of t.handovers) {
    const passed = monthIndex(hv.at) <= monthIndex(t.cursor);
    const xx = x(hv.at);
    const g = s('g', { class: `marker${passed ? ' passed' : ''}`, 'data-at': hv.at });
    g.append(s('line', { x1: xx, x2: xx, y1: 8, y2: 46 }));
    g.append(s('path', { d: `M${xx - 5},0 L${xx + 5},0 L${xx},8 Z` }));
    g.append(s('title', {}, `handover ${hv.from} → ${hv.to} at ${hv.at}`));
    parts.push(g);
  }
  // task handovers and orphaned tasks (issue 12): thin bars on the phase strip
  const taskMarks = [
    ...t.taskHandovers.map((th) => ({
      at: th.at,
      kind: 'task-mark',
      text: `${th.at}: ${th.presence} hands ${th.task} to ${th.to}`,
    })),
    ...t.orphanedTasks.map((o) => ({
      at: o.at,
      kind: 'task-mark orphaned',
      text: `${o.at}: ${o.presence} leaves ${o.task} with no receiver (${o.cause})`,
    })),
  ];
  for (const mark of taskMarks) {
    if (!mark.at) continue;
    const g = s('g', { class: mark.kind, 'data-at': mark.at });
    g.append(s('rect', { x: x(mark.at), y: 46, width: 3, height: 14 }));
    g.append(s('title', {}, mark.text));
    parts.push(g);
  }
  const cx = x(t.cursor) + w(t.cursor, t.cursor) / 2;
  parts.push(s('line', { x1: cx, x2: cx, y1: 8, y2: 62, class: 'cursor' }));
  band.replaceChildren(...parts);
  $('tl-play').textContent = state.playing ? 'Pause' : 'Play';
  $('tl-play').setAttribute('aria-label', state.playing ? 'Pause' : 'Play');
}

// ---- events --------------------------------------------------------------------------------

function renderEvents(v) {
  const d = v.draft;
  const form = $('draft');
  const presenceSelect = $('f-presence');
  const names = v.presences.map((p) => [p.name, p.name]);
  fillSelect(presenceSelect, names.length ? names : [['', '(none active)']]);
  if (document.activeElement !== presenceSelect) presenceSelect.value = d.presence;
  for (const [name, value] of [
    ['month', d.month],
    ['newName', d.newName],
    ['kind', d.kind],
    ['cause', d.cause],
    ['service', d.service],
  ]) {
    const el = form.elements.namedItem(name);
    if (el && document.activeElement !== el) el.value = value;
  }
  renderTaskFields(v);
  $('event-list').replaceChildren(
    ...v.verdicts.map((verdict) => {
      const button = h(
        'button',
        {
          type: 'button',
          class: verdict.accepted ? 'ev ok' : 'ev refused',
          'data-event': verdict.type,
          'aria-disabled': verdict.accepted ? undefined : 'true',
          'aria-describedby': `why-${verdict.type}`,
        },
        verdict.type,
      );
      button.addEventListener('click', () => {
        if (verdict.accepted) sendEvent(verdict.type);
        else toast(`${verdict.type} refused: ${verdict.reason}`, 'bad');
      });
      return h(
        'li',
        { class: verdict.accepted ? 'accepted' : 'refused', 'data-event': verdict.type },
        button,
        h('span', { class: 'payload' }, payloadText(verdict.event)),
        verdict.accepted
          ? h('span', { class: 'verdict ok', id: `why-${verdict.type}` }, 'accepted')
          : h('span', { class: 'verdict no', id: `why-${verdict.type}` }, verdict.reason),
      );
    }),
  );
}

function payloadText(event) {
  const parts = [event.month];
  if (typeof event.presence === 'string') parts.push(event.presence);
  if (event.presence && typeof event.presence === 'object')
    parts.push(`${event.presence.name} (${event.presence.kind})`);
  if (event.cause) parts.push(event.cause);
  if (event.service) parts.push(event.service);
  if (event.type === 'HAND_OVER_TASK') parts.push(`${event.task} → ${event.to}`);
  if (event.type === 'ADOPT_PLAN') {
    const receivers = Object.entries(event.handover || {});
    parts.push(
      receivers.length ? receivers.map(([task, to]) => `${task} → ${to}`).join(', ') : 'no tasks',
    );
    parts.push(event.gender ? 'WPS element' : 'no WPS element');
  }
  return parts.join(' · ');
}

/** The Task and Receiver selects and the WPS box of the event form, from the view. */
function renderTaskFields(v) {
  const d = v.draft;
  const t = v.tasks;
  const movable = t.toHandOver.map((x) => [
    x.task,
    `${x.task} — ${x.presence}${x.waiting ? ' (waiting)' : ''}`,
  ]);
  const movableTasks = new Set(movable.map(([task]) => task));
  const taskSelect = $('f-task');
  fillSelect(taskSelect, [
    ...movable.filter(([task], i) => movable.findIndex(([other]) => other === task) === i),
    ...state.tasks.filter((task) => !movableTasks.has(task)).map((task) => [task, task]),
  ]);
  if (document.activeElement !== taskSelect) taskSelect.value = d.task;
  const toSelect = $('f-to');
  const receivers = t.receivers.map((r) => [
    r.name,
    r.present ? r.name : `${r.name} (not present)`,
  ]);
  if (!t.receivers.some((r) => r.name === d.to)) receivers.push([d.to, `${d.to} (not present)`]);
  fillSelect(toSelect, receivers);
  if (document.activeElement !== toSelect) toSelect.value = d.to;
  const gender = $('f-gender');
  if (document.activeElement !== gender) gender.checked = d.gender;
}

function readDraft() {
  const form = $('draft');
  const draft = {};
  for (const name of ['month', 'presence', 'newName', 'kind', 'cause', 'service', 'task', 'to']) {
    const el = form.elements.namedItem(name);
    // only what the user set: the rest follows the country's state (its month, first mission...)
    const value = el && el.dataset.touched ? el.value.trim() : '';
    if (value) draft[name] = value;
  }
  if (draft.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(draft.month)) delete draft.month;
  const gender = $('f-gender');
  if (gender.dataset.touched) draft.gender = gender.checked;
  if (Object.keys(state.planDraft).length) draft.plan = { ...state.planDraft };
  return draft;
}

function sendEvent(type) {
  send({ type: 'send', eventType: type, draft: readDraft(), id: state.nextId++ });
  // the next event takes the country's month again unless the user sets one; the task and its
  // receiver follow the country's state again (the task just sent is no longer there to move)
  for (const id of ['f-month', 'f-task', 'f-to']) delete $(id).dataset.touched;
  if (type === 'ADOPT_PLAN') state.planDraft = {};
}

// ---- tasks (issue 12) ------------------------------------------------------------------------

/** One line of the Tasks tab: a month, then text and optional extra nodes. */
function taskLine(attrs, month, ...rest) {
  return h('li', attrs, h('span', { class: 'month' }, month ?? '—'), ' ', ...rest);
}

function noneYet(text) {
  return h('li', { class: 'muted' }, text);
}

/** A receiver select for one task of a plan not yet adopted (goes into the draft's `plan`). */
function planSelect(v, task) {
  const current = state.planDraft[task] ?? v.draft.handover[task] ?? v.draft.to;
  const select = h(
    'select',
    { 'data-plan-task': task, 'aria-label': `Receiver of ${task} in the plan` },
    ...v.tasks.receivers
      .filter((r) => r.present)
      .map((r) => h('option', { value: r.name }, r.name)),
  );
  select.value = current;
  select.addEventListener('change', () => {
    state.planDraft[task] = select.value;
    send({ type: 'draft', draft: readDraft() });
  });
  return select;
}

function renderTasks(v) {
  const t = v.tasks;
  const team = t.countryTeam;
  $('tasks-asof').textContent = `As of ${t.asOf ?? '—'} · UN country team: ${
    team === null
      ? 'none'
      : `${team.present ? 'present' : 'not present'}${team.residentCoordinator ? ` (RC ${team.residentCoordinator})` : ''}`
  } · ${t.counts.held} held, ${t.counts.handedOver} handed over, ${t.counts.pending} waiting, ${t.counts.orphaned} orphaned`;
  const badge = $('tasks-badge');
  const alerts = t.counts.pending + t.counts.orphaned;
  badge.hidden = alerts === 0;
  // the number shows; the word is for screen readers (and keeps the tab bar on one line)
  const [count, word] = t.counts.pending
    ? [t.counts.pending, ' waiting']
    : [t.counts.orphaned, ' orphaned'];
  badge.replaceChildren(String(count), h('span', { class: 'visually-hidden' }, word));
  badge.title = `${count}${word}`;
  badge.dataset.kind = t.counts.orphaned ? 'bad' : 'warn';

  // receivers picked for a plan lapse once no plan is waiting to be adopted (or another country loads)
  if (!t.presences.some((p) => p.outgoing && p.plan === null && p.tasks.length > 0))
    state.planDraft = {};
  const held = t.presences.map((p) => {
    const adopting = p.outgoing && p.plan === null && p.tasks.length > 0;
    const rows = p.tasks.map((row) =>
      h(
        'tr',
        { 'data-task': row.task },
        h('td', {}, h('code', {}, row.task)),
        h('td', { class: 'muted' }, row.provider ?? '—'),
        h(
          'td',
          {},
          row.planned !== null
            ? `→ ${row.planned}`
            : adopting
              ? planSelect(v, row.task)
              : h('span', { class: 'muted' }, p.outgoing ? 'no receiver' : '—'),
        ),
      ),
    );
    return h(
      'div',
      { class: 'task-presence', 'data-presence': p.name },
      h(
        'p',
        {},
        h('strong', {}, p.name),
        ` (${p.kind})`,
        p.outgoing ? h('span', { class: 'tag' }, 'outgoing') : null,
        p.plan
          ? h(
              'span',
              { class: p.plan.gender ? 'tag ok' : 'tag no' },
              `plan ${p.plan.at ?? ''} · WPS ${p.plan.gender ? 'yes' : 'no'}`,
            )
          : null,
      ),
      rows.length
        ? h(
            'table',
            { class: 'table tasks' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Task'),
                h('th', {}, 'Provider at HQ'),
                h('th', {}, 'Receiver'),
              ),
            ),
            h('tbody', {}, ...rows),
          )
        : h('p', { class: 'muted small' }, 'no mandated tasks recorded'),
    );
  });
  $('tasks-held').replaceChildren(
    ...(held.length ? held : [h('p', { class: 'muted small' }, 'No presence: no task is held.')]),
  );

  $('tasks-pending').replaceChildren(
    ...(t.pending.length
      ? t.pending.map((x) =>
          h(
            'li',
            { class: 'pending', 'data-task': x.task, 'data-presence': x.presence },
            h('strong', {}, x.task),
            ` of ${x.presence} waits for its receiver`,
            x.planned ? ` (plan: ${x.planned})` : '',
          ),
        )
      : [noneYet('none')]),
  );
  $('tasks-plans').replaceChildren(
    ...(t.plans.length
      ? t.plans.map((p) =>
          taskLine(
            { 'data-presence': p.presence },
            p.at,
            h('strong', {}, p.presence),
            ' · ',
            h(
              'span',
              { class: p.gender ? 'wps yes' : 'wps no' },
              `WPS element: ${p.gender ? 'yes' : 'no'}`,
            ),
            ` · ${p.receivers.map((r) => `${r.task} → ${r.to}`).join(', ')}`,
          ),
        )
      : [noneYet('none yet')]),
  );
  $('tasks-handovers').replaceChildren(
    ...(t.handovers.length
      ? t.handovers.map((x) =>
          taskLine(
            { 'data-task': x.task, 'data-presence': x.presence },
            x.at,
            `${x.presence} `,
            h('code', {}, x.task),
            ` → ${x.to}`,
          ),
        )
      : [noneYet('none yet')]),
  );
  $('tasks-orphaned').replaceChildren(
    ...(t.orphaned.length
      ? t.orphaned.map((x) =>
          taskLine(
            { class: 'orphaned', 'data-task': x.task, 'data-presence': x.presence },
            x.at,
            `${x.presence} `,
            h('code', {}, x.task),
            ` left with no receiver: ${x.cause}`,
          ),
        )
      : [noneYet('none')]),
  );
}

// ---- context explorer and case file ----------------------------------------------------------

function jsonTree(value, path, changed) {
  if (value === null || typeof value !== 'object') {
    return h('span', { class: 'leaf' }, JSON.stringify(value));
  }
  const entries = Array.isArray(value)
    ? value.map((x, i) => [String(i), x])
    : Object.entries(value);
  const list = h('ul', {});
  for (const [key, inner] of entries) {
    const p = path ? `${path}.${key}` : key;
    const isChanged = changed.has(p);
    if (inner !== null && typeof inner === 'object') {
      const size = Array.isArray(inner) ? `[${inner.length}]` : `{${Object.keys(inner).length}}`;
      const details = h(
        'details',
        {
          class: isChanged ? 'changed' : undefined,
          open: isChanged || (!path && !Array.isArray(inner)) ? '' : undefined,
        },
        h('summary', {}, h('span', { class: 'key' }, key), ` ${size}`),
        jsonTree(inner, p, changed),
      );
      list.append(h('li', { class: isChanged ? 'changed' : undefined, 'data-path': p }, details));
    } else {
      list.append(
        h(
          'li',
          { class: isChanged ? 'changed' : undefined, 'data-path': p },
          h('span', { class: 'key' }, `${key}: `),
          jsonTree(inner, p, changed),
        ),
      );
    }
  }
  return list;
}

function renderContextTree(v) {
  $('context-tree').replaceChildren(jsonTree(v.context, '', new Set(v.changes)));
}

function renderCaseFile(v) {
  const entries = v.context.caseFile ?? [];
  const fresh = new Set(
    v.changes.filter((p) => /^caseFile\.\d+$/.test(p)).map((p) => p.split('.')[1]),
  );
  $('case-file').replaceChildren(
    ...(entries.length
      ? entries.map((e, i) =>
          h(
            'li',
            { class: fresh.has(String(i)) ? 'new' : undefined },
            h('span', { class: 'month' }, e.month ?? '—'),
            h('strong', {}, e.event),
            ` ${e.text ?? ''}`,
          ),
        )
      : [h('li', { class: 'muted' }, 'The case file is empty.')]),
  );
}

// ---- messages, checks, log, stream -------------------------------------------------------------

function laneX(lane) {
  return 12.5 + LANES.indexOf(lane) * 25;
}

function renderSequence(v) {
  const body = $('sequence');
  const rows = v.sequence.slice(-60).map((m) => {
    const row = h('div', {
      class: `msg ${m.kind}`,
      title: `${m.month ?? ''} ${m.kind}: ${m.text}`,
    });
    const a = laneX(m.from);
    const b = laneX(m.to);
    const left = Math.min(a, b);
    const arrow = h('div', { class: `arrow ${a <= b ? 'right' : 'left'}` });
    arrow.style.left = `${left}%`;
    arrow.style.width = `${Math.abs(b - a)}%`;
    const label = h(
      'div',
      { class: 'label' },
      h('span', { class: 'month' }, m.month ?? ''),
      ` ${m.kind}: ${m.text}`,
    );
    label.style.left = `${Math.min(left, 40)}%`;
    label.style.width = `${100 - Math.min(left, 40)}%`;
    row.append(arrow, label);
    return row;
  });
  const lanes = LANES.map((lane) => {
    const el = h('div', { class: 'lane' });
    el.style.left = `${laneX(lane)}%`;
    return el;
  });
  body.replaceChildren(
    ...lanes,
    ...(rows.length ? rows : [h('p', { class: 'muted empty' }, 'No messages yet.')]),
  );
}

function renderMore(v) {
  const handovers = v.handovers.map((x) =>
    h('li', {}, h('span', { class: 'month' }, x.month ?? '—'), ` ${x.from} → ${x.to}`),
  );
  $('handovers').replaceChildren(
    ...(handovers.length ? handovers : [h('li', { class: 'muted' }, 'none yet')]),
  );
  $('invariants').replaceChildren(
    ...v.invariants.map((inv) =>
      h(
        'li',
        { class: inv.holds ? 'ok' : 'fail', title: inv.description, 'data-id': inv.id },
        h('span', { class: 'icon', 'aria-hidden': 'true' }, inv.holds ? '✓ ' : '✗ '),
        h('span', {}, inv.id),
        inv.holds ? null : h('span', { class: 'why' }, ` ${inv.month ?? ''} ${inv.message}`),
      ),
    ),
  );
  const rows = [...v.log]
    .reverse()
    .map((e) =>
      h(
        'tr',
        { class: e.accepted ? '' : 'refused' },
        h('td', { class: 'muted' }, e.seq),
        h('td', {}, e.month ?? ''),
        h('td', {}, h('code', {}, e.type)),
        h(
          'td',
          {},
          e.accepted ? e.text : `refused: ${e.reason}`,
          e.origin === 'page' ? h('span', { class: 'tag' }, 'page') : null,
        ),
      ),
    );
  $('log').tBodies[0].replaceChildren(...rows);
  $('log-note').textContent = `${v.log.length} most recent`;
}

function renderSources() {
  const items = state.sources.map((src) =>
    h(
      'li',
      { class: src.connected ? 'live' : 'gone' },
      h('strong', {}, src.name),
      h('span', { class: 'muted' }, ` ${src.machineId ?? 'actor'} · ${src.received} events`),
      src.dropped ? h('span', { class: 'tag warn' }, `${src.dropped} dropped`) : null,
      h('span', { class: 'muted' }, src.connected ? ' · attached' : ' · finished'),
    ),
  );
  $('sources').replaceChildren(
    ...(items.length
      ? items
      : [
          h(
            'li',
            { class: 'muted' },
            'No program attached (createInspectorSink({ url }) streams a Node program here).',
          ),
        ]),
  );
}

function renderStream() {
  state.streamFrame = 0;
  const items = [...state.stream]
    .reverse()
    .map(({ source, event }) =>
      h(
        'li',
        {},
        h('span', { class: 'src' }, `${source} `),
        h('code', {}, event.type.replace('@xstate.', '')),
        event.eventType ? h('span', {}, ` ${event.eventType}`) : null,
      ),
    );
  $('stream').replaceChildren(...items);
  $('stream-note').textContent = `${state.streamCount} events`;
}

// ---- timeline controls ---------------------------------------------------------------------

function seekOffset(offset) {
  const t = state.view && state.view.timeline;
  if (!t) return false;
  const clamped = Math.max(0, Math.min(t.months - 1, offset));
  send({ type: 'seek', month: monthAt(t.start, clamped) });
  return clamped < t.months - 1;
}

function cursorOffset() {
  const t = state.view && state.view.timeline;
  return t ? monthIndex(t.cursor) - monthIndex(t.start) : 0;
}

function stopPlay() {
  state.playing = false;
  clearInterval(state.playTimer);
  state.playTimer = null;
  $('tl-play').textContent = 'Play';
}

function togglePlay() {
  if (state.playing) return stopPlay();
  const t = state.view && state.view.timeline;
  if (!t) return;
  if (cursorOffset() >= t.months - 1) seekOffset(0);
  state.playing = true;
  $('tl-play').textContent = 'Pause';
  state.playTimer = setInterval(() => {
    if (!seekOffset(cursorOffset() + 1)) stopPlay();
  }, PLAY_MS);
}

// ---- tabs and views ------------------------------------------------------------------------

function wireTabs() {
  const tabs = [...document.querySelectorAll('.tab-bar [role="tab"]')];
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      e.preventDefault();
      e.stopPropagation();
      const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      select(next);
      next.focus();
    });
  });
}

function showView(name) {
  $('country-view').hidden = name !== 'country';
  $('pillar-view').hidden = name !== 'pillar';
  $('view-country').setAttribute('aria-pressed', String(name === 'country'));
  $('view-pillar').setAttribute('aria-pressed', String(name === 'pillar'));
  if (name === 'country') {
    measureChart();
    applyCamera();
  } else if (!state.pillar) {
    loadPillar().catch(() => {
      $('actor-tree').replaceChildren(
        h('li', { class: 'muted' }, 'The pillar view could not be loaded.'),
      );
    });
  }
}

// ---- the pillar's actor system ---------------------------------------------------------------

async function loadPillar() {
  const res = await fetch('/pillar.json');
  if (!res.ok) throw new Error('no pillar data');
  state.pillar = await res.json();
  const p = state.pillar;
  $('pillar-note').textContent =
    `${p.countries.length} country actors · ${p.totals.decisions} SPG decisions · ${p.totals.messages} messages · doctrine ${p.doctrine}`;
  const byAsg = new Map();
  for (const c of p.countries) byAsg.set(c.asg, [...(byAsg.get(c.asg) ?? []), c]);
  const asgs = [...byAsg].map(([asg, countries]) =>
    h(
      'li',
      {},
      h('span', {}, asg),
      h('span', { class: 'muted small' }, ` (${countries.length})`),
      h(
        'ul',
        { 'aria-label': `Country actors of the ${asg}` },
        ...countries.map((c) => {
          const b = h(
            'button',
            {
              type: 'button',
              'data-actor': c.id,
              title: `open ${c.country}'s chart (${c.scenario})`,
            },
            c.country,
            h('span', { class: 'muted small' }, ` ${PHASE_LABELS[c.phase] ?? c.phase} · lead `),
            h('span', { class: 'dept small', 'data-dept': c.lead }, c.lead),
          );
          b.addEventListener('click', () => openActor(c));
          return h('li', { class: 'actor', 'data-actor': c.id }, b);
        }),
      ),
    ),
  );
  $('actor-tree').replaceChildren(
    h(
      'li',
      {},
      h('strong', {}, 'pillar'),
      h('span', { class: 'muted small' }, ' (SPG, USG/DPPA, USG/DPO)'),
      h('ul', {}, h('li', {}, "Standing Principals' Group"), ...asgs),
    ),
  );
  const res2 = await fetch('/pillar.svg');
  const doc = new DOMParser().parseFromString(await res2.text(), 'image/svg+xml');
  if (doc.documentElement.nodeName === 'svg') {
    const node = document.importNode(doc.documentElement, true);
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', 'The pillar machine');
    $('pillar-chart').classList.add('scroll');
    $('pillar-chart').replaceChildren(node);
  }
  const byCountry = new Map(p.countries.map((c) => [c.country, c]));
  const items = [
    ...p.decisions.map((d) => ({
      month: d.month,
      kind: 'decision',
      country: d.country,
      text: `SPG ${d.decision} ${d.eventType}: ${d.reason}`,
      from: 'SPG',
      to: d.country,
    })),
    ...p.messages,
  ].sort((a, b) =>
    (a.month ?? '') < (b.month ?? '') ? 1 : (a.month ?? '') > (b.month ?? '') ? -1 : 0,
  );
  $('pillar-messages').replaceChildren(
    ...items.map((m) => {
      const c = byCountry.get(m.country);
      const b = h(
        'button',
        { type: 'button', class: 'link', 'data-actor': c ? c.id : '' },
        m.country,
      );
      b.addEventListener('click', () => openActor(c));
      return h(
        'li',
        { 'data-kind': m.kind },
        h('span', { class: 'month' }, m.month ?? ''),
        h('span', { class: `tag ${m.kind}` }, m.kind),
        ' ',
        b,
        m.kind === 'decision' ? ` ${m.text}` : ` ${m.from} → ${m.to}: ${m.text}`,
      );
    }),
  );
}

function openActor(country) {
  if (!country) return;
  showView('country');
  if (country.scenario)
    send({ type: 'load', scenario: country.scenario, doctrine: $('doctrine-select').value });
}

// ---- wiring --------------------------------------------------------------------------------

function wire() {
  $('tl-start').addEventListener('click', () => seekOffset(0));
  $('tl-back').addEventListener('click', () => seekOffset(cursorOffset() - 1));
  $('tl-forward').addEventListener('click', () => seekOffset(cursorOffset() + 1));
  $('tl-end').addEventListener('click', () => seekOffset(Number.MAX_SAFE_INTEGER));
  $('tl-play').addEventListener('click', togglePlay);
  const slider = $('timeline-slider');
  slider.addEventListener('input', () => {
    state.sliding = true;
    const t = state.view && state.view.timeline;
    if (t) $('month-label').textContent = monthAt(t.start, Number(slider.value));
    seekOffset(Number(slider.value));
  });
  slider.addEventListener('change', () => {
    state.sliding = false;
    seekOffset(Number(slider.value));
  });
  $('scenario-select').addEventListener('change', (e) => {
    stopPlay();
    send({ type: 'load', scenario: e.target.value || null, doctrine: $('doctrine-select').value });
  });
  $('doctrine-select').addEventListener('change', (e) => {
    stopPlay();
    send({ type: 'load', scenario: $('scenario-select').value || null, doctrine: e.target.value });
  });
  $('reset').addEventListener('click', () => {
    stopPlay();
    send({ type: 'reset' });
  });
  $('undo').addEventListener('click', () => send({ type: 'undo' }));
  $('redo').addEventListener('click', () => send({ type: 'redo' }));
  $('export-trace').addEventListener('click', () => send({ type: 'trace' }));
  $('load-trace').addEventListener('change', (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      try {
        const trace = JSON.parse(String(reader.result));
        send({
          type: 'loadTrace',
          trace: {
            ...(trace.doctrine ? { doctrine: trace.doctrine } : {}),
            input: trace.input,
            events: trace.events,
          },
        });
      } catch {
        toast(`${file.name}: not a JSON trace`, 'bad');
      }
      e.target.value = '';
    });
    reader.readAsText(file);
  });
  $('view-country').addEventListener('click', () => showView('country'));
  $('view-pillar').addEventListener('click', () => showView('pillar'));
  $('draft').addEventListener('submit', (e) => e.preventDefault());
  $('draft').addEventListener('input', (e) => {
    if (e.target && e.target.dataset) e.target.dataset.touched = '1';
    clearTimeout(state.draftTimer);
    state.draftTimer = setTimeout(() => send({ type: 'draft', draft: readDraft() }), 150);
  });
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t && (t.closest('input, select, textarea, [role="tab"]') || t === $('statechart'))) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
      e.preventDefault();
      moveStep(-1);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
      e.preventDefault();
      moveStep(1);
    } else if ((e.ctrlKey || e.metaKey) && e.key === 'z') {
      e.preventDefault();
      send({ type: e.shiftKey ? 'redo' : 'undo' });
    }
  });
  wireTabs();
  wireChart();
}

wire();
renderSources();
connect();
if (location.hash === '#pillar') showView('pillar');
loadChart().catch(() => {
  $('statechart').textContent = 'The statechart could not be loaded.';
});
