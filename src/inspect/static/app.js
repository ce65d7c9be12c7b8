/* global document, location, WebSocket, DOMParser, fetch, requestAnimationFrame, setTimeout, clearTimeout, setInterval, clearInterval */
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

const state = {
  ws: null,
  seq: 0,
  view: null,
  sources: [],
  stream: [],
  streamCount: 0,
  playing: false,
  playTimer: null,
  nodes: new Map(),
  nextId: 1,
  draftTimer: null,
  streamFrame: 0,
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

function connect() {
  // The session's token comes with the page's address (?token=...); the server requires it.
  const token = (/[?&]token=([^&#]*)/.exec(location.search) || [])[1] || '';
  const ws = new WebSocket(`ws://${location.host}/ws?token=${token}`);
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
      break;
    case 'view':
      state.view = msg.view;
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
  toastTimer = setTimeout(() => (el.textContent = ''), 6000);
}

// ---- rendering ---------------------------------------------------------------------------

function render() {
  const v = state.view;
  if (!v) return;
  $('country').textContent = v.country;
  $('doctrine-title').textContent = v.doctrineTitle;
  $('doctrine-select').value = v.doctrine;
  $('scenario-select').value = v.timeline ? v.timeline.scenarioId : '';
  $('state-path').textContent = v.active[v.active.length - 1] ?? '';
  $('steps').textContent = `${v.steps} steps · ${v.refused} refused`;
  renderChart(v);
  renderContext(v);
  renderTimeline(v);
  renderEvents(v);
  renderSequence(v);
  renderLog(v);
}

async function loadChart() {
  const res = await fetch('/statechart.svg');
  const text = await res.text();
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return;
  const naturalWidth = svg.getAttribute('width') ?? '';
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.dataset.naturalWidth = naturalWidth;
  const node = document.importNode(svg, true);
  $('statechart').replaceChildren(node);
  for (const g of node.querySelectorAll('g.node, g.cluster')) {
    const title = g.querySelector('title')?.textContent ?? '';
    state.nodes.set(title.replace(/^cluster_/, ''), g);
  }
  if (state.view) renderChart(state.view);
}

function renderChart(v) {
  const active = new Set(v.active);
  for (const [id, g] of state.nodes) {
    g.classList.toggle('active', active.has(id));
  }
}

function dept(el, department) {
  el.textContent = department;
  el.dataset.dept = department;
}

function renderContext(v) {
  $('phase').textContent = `${PHASE_LABELS[v.phase] ?? v.phase}${v.stage ? ` · ${v.stage}` : ''}`;
  $('phase').dataset.phase = v.phase;
  const asOf = v.timeline ? v.timeline.cursor : v.month;
  $('month').textContent =
    asOf === v.month || !v.month ? `as of ${asOf ?? '—'}` : `as of ${asOf} · last event ${v.month}`;
  dept($('lead'), v.lead.department);
  $('lead-usg').textContent = `${v.lead.usg} leads; the regional ASG reports here`;
  dept($('informed'), v.informed.department);
  $('informed-usg').textContent = `${v.informed.usg} is kept informed`;
  $('team').textContent = v.team.id;
  $('team-asg').textContent = `${v.team.asg} · tailored for ${v.team.tailoring} work`;

  const rows = v.presences.map((p) =>
    h(
      'tr',
      {},
      h(
        'td',
        {},
        h('strong', {}, p.name),
        p.finalMandate ? h('span', { class: 'tag' }, 'final mandate') : null,
        p.outgoing ? h('span', { class: 'tag warn' }, 'outgoing') : null,
      ),
      h('td', { title: p.kindLabel }, p.kind),
      h('td', {}, p.since),
      h('td', {}, h('span', { class: 'dept small', 'data-dept': p.supportedBy }, p.supportedBy)),
    ),
  );
  if (rows.length === 0)
    rows.push(
      h(
        'tr',
        {},
        h('td', { colspan: 4, class: 'muted' }, 'none: non-mission setting (UN country team)'),
      ),
    );
  $('presences').tBodies[0].replaceChildren(...rows);

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
        h('span', { class: 'icon', 'aria-hidden': 'true' }, inv.holds ? '✓' : '✗'),
        h('span', {}, inv.id),
        inv.holds ? null : h('span', { class: 'why' }, `${inv.month ?? ''} ${inv.message}`),
      ),
    ),
  );
}

function renderTimeline(v) {
  const t = v.timeline;
  $('timeline-body').hidden = !t;
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
    `${t.start} … ${t.end} · ${t.handovers.length} handover${t.handovers.length === 1 ? '' : 's'}${v.offScript ? ` · ${v.offScript} event(s) off script (dropped when you move)` : ''}`;

  const band = $('band');
  const x = (month) => ((monthIndex(month) - monthIndex(t.start)) / t.months) * 1000;
  const w = (from, to) => ((monthIndex(to) - monthIndex(from) + 1) / t.months) * 1000;
  const parts = [];
  for (const p of t.periods) {
    parts.push(
      s('rect', {
        x: x(p.from),
        y: 18,
        width: w(p.from, p.to),
        height: 30,
        class: `lead ${p.lead}`,
      }),
    );
    parts.push(
      s('rect', {
        x: x(p.from),
        y: 52,
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
    parts.push(s('line', { x1: xx, x2: xx, y1: 62, y2: 68, class: 'tick' }));
    parts.push(s('text', { x: xx, y: 80, class: 'year' }, String(y)));
  }
  for (const hv of t.handovers) {
    const passed = monthIndex(hv.at) <= monthIndex(t.cursor);
    const xx = x(hv.at);
    const g = s('g', { class: `marker${passed ? ' passed' : ''}`, 'data-at': hv.at });
    g.append(s('line', { x1: xx, x2: xx, y1: 10, y2: 50 }));
    g.append(s('path', { d: `M${xx - 5},2 L${xx + 5},2 L${xx},10 Z` }));
    g.append(s('title', {}, `handover ${hv.from} → ${hv.to} at ${hv.at}`));
    parts.push(g);
  }
  const cx = x(t.cursor) + w(t.cursor, t.cursor) / 2;
  parts.push(s('line', { x1: cx, x2: cx, y1: 12, y2: 66, class: 'cursor' }));
  band.replaceChildren(...parts);
  $('tl-play').textContent = state.playing ? 'Pause' : 'Play';
  $('tl-play').setAttribute('aria-label', state.playing ? 'Pause' : 'Play');
}

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
  $('event-list').replaceChildren(
    ...v.verdicts.map((verdict) => {
      const button = h(
        'button',
        {
          type: 'button',
          class: verdict.accepted ? 'ev ok' : 'ev refused',
          'data-event': verdict.type,
        },
        verdict.type,
      );
      button.addEventListener('click', () => sendEvent(verdict.type));
      return h(
        'li',
        { class: verdict.accepted ? 'accepted' : 'refused', 'data-event': verdict.type },
        button,
        h('span', { class: 'payload' }, payloadText(verdict.event)),
        verdict.accepted
          ? h('span', { class: 'verdict ok' }, 'accepted')
          : h('span', { class: 'verdict no' }, verdict.reason),
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
  return parts.join(' · ');
}

function readDraft() {
  const form = $('draft');
  const draft = {};
  for (const name of ['month', 'presence', 'newName', 'kind', 'cause', 'service']) {
    const el = form.elements.namedItem(name);
    const value = el ? el.value.trim() : '';
    if (value) draft[name] = value;
  }
  if (draft.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(draft.month)) delete draft.month;
  return draft;
}

function sendEvent(type) {
  send({ type: 'send', eventType: type, draft: readDraft(), id: state.nextId++ });
}

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
    const arrow = h('div', {
      class: `arrow ${a <= b ? 'right' : 'left'}`,
      style: undefined,
    });
    arrow.style.left = `${left}%`;
    arrow.style.width = `${Math.abs(b - a)}%`;
    const label = h(
      'div',
      { class: 'label' },
      h('span', { class: 'month' }, m.month ?? ''),
      ` ${m.text}`,
    );
    label.style.left = `${left}%`;
    label.style.width = `${Math.min(Math.max(Math.abs(b - a), 40), 100 - left)}%`;
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
    ...(rows.length
      ? rows
      : [h('p', { class: 'muted empty' }, 'No messages yet: send an event or move the timeline.')]),
  );
  body.scrollTop = body.scrollHeight;
}

function renderLog(v) {
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
      src.value !== null ? h('code', {}, ` ${JSON.stringify(src.value)}`) : null,
    ),
  );
  $('sources').replaceChildren(
    ...(items.length
      ? items
      : [
          h(
            'li',
            { class: 'muted' },
            'No program attached. A Node program can stream its own actors here with createInspectorSink({ url: location }).',
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
        h('span', { class: 'src' }, source),
        h('code', {}, event.type.replace('@xstate.', '')),
        event.eventType ? h('span', {}, ` ${event.eventType}`) : null,
        event.action ? h('span', { class: 'muted' }, ` ${event.action}`) : null,
        event.value !== undefined
          ? h('span', { class: 'muted' }, ` → ${JSON.stringify(event.value)}`)
          : null,
      ),
    );
  $('stream').replaceChildren(...items);
  $('stream-note').textContent = `${state.streamCount} inspection events received`;
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
  $('zoom').addEventListener('click', () => {
    const zoomed = $('statechart').classList.toggle('zoomed');
    const svg = $('statechart').querySelector('svg');
    if (svg) svg.style.width = zoomed ? svg.dataset.naturalWidth || '' : '';
    $('zoom').setAttribute('aria-pressed', String(zoomed));
    $('zoom').textContent = zoomed ? 'Fit to width' : 'Zoom 100%';
  });
  $('reset').addEventListener('click', () => {
    stopPlay();
    send({ type: 'reset' });
  });
  $('draft').addEventListener('submit', (e) => e.preventDefault());
  $('draft').addEventListener('input', () => {
    clearTimeout(state.draftTimer);
    state.draftTimer = setTimeout(() => send({ type: 'draft', draft: readDraft() }), 150);
  });
}

wire();
renderSources();
connect();
loadChart().catch(() => {
  $('statechart').textContent = 'The statechart could not be loaded.';
});
