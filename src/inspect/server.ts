/**
 * The local inspector server: serves its own page (and nothing else), keeps one session that the
 * pages drive over a WebSocket (`/ws`), and relays the inspection events that programs stream to
 * `/ws/source` to every page, in order, with backpressure.
 *
 * No local process can crash or stall it:
 * - binds to 127.0.0.1 by default; another interface needs `allowRemote`; the Host header is
 *   checked against this server's names in every case (DNS rebinding);
 * - every WebSocket needs the per-session token (random, made at start, in `url` as `?token=`);
 *   a page (`/ws`) must also send this server's Origin; a program (`/ws/source`) may send none,
 *   but another Origin is refused;
 * - at most `maxClients` WebSockets at once; each client's messages wait in its own bounded queue
 *   and are handled round-robin under a rate limit (inbox.ts), so one client's flood does not
 *   delay another's request; outgoing queues are bounded too (channel.ts);
 * - a message's size and nesting depth are checked before it is parsed; every handler (HTTP,
 *   upgrade, message, close, error, timers) catches what it throws;
 * - the view is built once per change and per distinct payload form, and shared by every page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import type { InspectionEvent } from 'xstate';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SERVICES, TASKS, type Doctrine } from '../domain/index.ts';
import { listBundledScenarioIds, resolveScenario } from '../scenario/catalog.ts';
import { ClientChannel, type ChannelOptions } from './channel.ts';
import { FairScheduler, type ClientInbox, type InboxOptions, type RateLimit } from './inbox.ts';
import {
  MAX_PAGE_MESSAGE_BYTES,
  MAX_SOURCE_MESSAGE_BYTES,
  PageMessageSchema,
  SourceMessageSchema,
  parseMessage,
  type Draft,
  type PageMessage,
  type WireInspection,
} from './protocol.ts';
import { InspectorSession, SessionError, type SessionScenario } from './session.ts';
import { Backpressure, type WatchedPage } from './pressure.ts';
import {
  addExtraFiles,
  loadStaticFiles,
  toStatechartFile,
  type StaticFile,
} from './static-files.ts';
import { describeError } from '../kernel/index.ts';
import { escapeXml } from '../timeline/svg.ts';
import { compactValue, toWireInspection, withoutContext } from './wire.ts';

/** Files to serve beside the page's own, by path. */
export type ExtraFiles = Record<string, { type: string; body: string }>;

const EMPTY_SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>';

export interface InspectorServerOptions {
  /** Port to listen on (default 4173; 0 = any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  scenario?: SessionScenario | null;
  doctrine?: Doctrine;
  /**
   * The statechart as SVG, served at /statechart.svg; or a function that makes it, called once
   * the server listens (so a caller can print the address first), a request for it waiting.
   */
  statechartSvg?: string | (() => Promise<string>);
  /**
   * More files to serve by path (the pillar view's /pillar.json and /pillar.svg); never replaces
   * the page's own. Or a function that makes them, called once the server listens, like
   * `statechartSvg`; a request for an unknown path waits for it before answering 404.
   */
  extraFiles?: ExtraFiles | (() => Promise<ExtraFiles>);
  /** Queue limits of each client's outgoing stream. */
  channel?: ChannelOptions;
  /** A page whose queue stays full this long (ms) is disconnected (default 15000). */
  stallMs?: number;
  /** Called with every inspection event of the session's actor (the Stately bridge uses it). */
  onInspection?: (event: InspectionEvent) => void;
  /**
   * The token every WebSocket must carry as `?token=` (default: 24 random bytes, base64url, made
   * at start). At least 16 characters.
   */
  token?: string;
  /** Whether `host` may be other than loopback (default false: it is refused). */
  allowRemote?: boolean;
  /** More names the Host header may carry (with this server's port), e.g. a LAN hostname. */
  allowedHosts?: string[];
  /** Most WebSocket connections at once, pages and programs together (default 64). */
  maxClients?: number;
  /** Rate limit of each page's messages (default 200 per second, bursts of 400). */
  pageRate?: RateLimit;
  /** Rate limit of each program's batches (default 200 per second, bursts of 400). */
  sourceRate?: RateLimit;
  /** Bounds of each client's incoming queue. */
  inbox?: InboxOptions;
}

export const DEFAULT_MAX_CLIENTS = 64;
export const DEFAULT_PAGE_RATE: RateLimit = { perSecond: 200, burst: 400 };
export const DEFAULT_SOURCE_RATE: RateLimit = { perSecond: 200, burst: 400 };

export interface SourceSummary {
  id: number;
  name: string;
  received: number;
  dropped: number;
  gaps: number;
  machineId: string | null;
  value: unknown;
  lastEvent: string | null;
  context: unknown;
  connected: boolean;
}

export interface InspectorServerStats {
  pages: number;
  sources: number;
  /** Inspection events relayed to pages (each counted once, whatever the number of pages). */
  relayed: number;
  /** The largest queue any page's stream had, in bytes. */
  peakQueuedBytes: number;
  /** Times the server paused the programs because a page's queue was full. */
  pauses: number;
  paused: boolean;
  /** WebSocket connections open now (pages and programs). */
  clients: number;
  /** WebSocket upgrades refused (Host, Origin, token, path or the connection cap). */
  refused: number;
  /** Views built (one per change and distinct payload form, whatever the number of pages). */
  viewBuilds: number;
  /** Incoming messages dropped because a client's queue was full. */
  droppedIncoming: number;
  /** Outgoing messages dropped because a client did not read them (see channel.ts). */
  droppedOutgoing: number;
  /** Errors a handler caught that were not the client's fault (bugs); the server kept running. */
  internalErrors: number;
  /** HTTP requests waiting for files still being made (`statechartSvg` given as a function). */
  waitingRequests: number;
}

export interface InspectorServer {
  /**
   * `http://host:port/?token=...`, the address to open: for a wildcard host (0.0.0.0 or ::), the
   * loopback address of that family (127.0.0.1 or [::1]). It carries the session's token.
   */
  url: string;
  /** The session's token, required on every WebSocket connection. */
  token: string;
  /** The interface it is bound to, as asked for. */
  host: string;
  port: number;
  session: InspectorSession;
  stats(): InspectorServerStats;
  close(): Promise<void>;
}

/** Programs that disconnected, still listed on the page. */
const FINISHED_KEPT = 5;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

/** Whether binding `host` exposes the server beyond this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

interface Incoming {
  data: RawData;
  isBinary: boolean;
}

interface Page {
  channel: ClientChannel;
  ws: WebSocket;
  draft: Draft;
  inbox: ClientInbox<Incoming>;
}

interface Source extends SourceSummary {
  ws: WebSocket;
  channel: ClientChannel;
  expected: number;
  inbox: ClientInbox<Incoming>;
  gate: PauseGate;
}

/** A socket paused while any of its reasons (backpressure, a full inbox) holds. */
class PauseGate {
  private readonly reasons = new Set<string>();
  constructor(private readonly ws: WebSocket) {}
  for(reason: string): { pause(): void; resume(): void } {
    return {
      pause: () => {
        if (this.reasons.size === 0) this.ws.pause();
        this.reasons.add(reason);
      },
      resume: () => {
        if (!this.reasons.delete(reason)) return;
        if (this.reasons.size === 0) this.ws.resume();
      },
    };
  }
}

/** Trims an untrusted value kept in a program's summary (sent to every page on each update). */
const SUMMARY_COMPACT = { maxDepth: 8, maxArray: 20, maxString: 500 };

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function rawBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

/**
 * The Host header values this server answers to: loopback names, the host it was given and the
 * extra names, each with the port; for a wildcard or LAN address also this machine's hostname and
 * its interface addresses. An attacker's DNS name (rebinding) is never among them.
 */
export function allowedHostHeaders(host: string, port: number, extra: string[] = []): Set<string> {
  const names = ['127.0.0.1', 'localhost', '::1', host, ...extra];
  if (!isLoopbackHost(host)) {
    names.push(hostname());
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.push(info.address);
    }
  }
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (name === '') continue;
    const shown = name.includes(':') ? `[${name}]` : name;
    out.add(`${shown}:${port}`);
    if (port === 80) out.add(shown);
  }
  return out;
}

function hostWithPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function sourceName(url: URL): string {
  const name = (url.searchParams.get('name') ?? 'program').replace(/[^\w .:@/-]/g, '').slice(0, 60);
  return name || 'program';
}

/** Starts the inspector server; resolves once it listens. */
export async function startInspectorServer(
  options: InspectorServerOptions = {},
): Promise<InspectorServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new Error(
      `refusing to listen on ${host}, which is not loopback: pass allowRemote (--allow-remote) to let other machines reach the inspector`,
    );
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  if (token.length < 16 || !/^[\w.~-]+$/.test(token)) {
    throw new Error('the inspector token must be at least 16 URL-safe characters');
  }
  const stallMs = options.stallMs ?? 15_000;
  const maxClients = Math.max(1, options.maxClients ?? DEFAULT_MAX_CLIENTS);
  const pageRate = options.pageRate ?? DEFAULT_PAGE_RATE;
  const sourceRate = options.sourceRate ?? DEFAULT_SOURCE_RATE;
  const pages = new Set<Page>();
  const sources = new Map<number, Source>();
  const finished: Source[] = [];
  let nextSourceId = 1;
  let relayed = 0;
  let refused = 0;
  let viewBuilds = 0;
  let internalErrors = 0;
  let droppedIncomingClosed = 0;
  let droppedOutgoingClosed = 0;
  let openSockets = 0;
  let port = options.port ?? 4173;
  const scenarioIds = new Set(listBundledScenarioIds());

  /** Runs a handler; what it throws is counted, never thrown on (the process must not end). */
  const guard = (run: () => void): void => {
    try {
      run();
    } catch {
      internalErrors += 1;
    }
  };

  const broadcastInspection = (
    source: { id: number; name: string },
    first: number,
    events: WireInspection[],
  ): void => {
    let json: string;
    try {
      json = JSON.stringify({
        type: 'inspection',
        source: source.id,
        name: source.name,
        first,
        events,
      });
    } catch {
      internalErrors += 1;
      return;
    }
    relayed += events.length;
    for (const page of pages) page.channel.sendSerialized(json);
    updatePressure();
  };

  // The session's own inspection events, relayed in one message per tick.
  let sessionNext = 1;
  let sessionBatch: WireInspection[] = [];
  const flushSessionBatch = (): void =>
    guard(() => {
      const events = sessionBatch;
      sessionBatch = [];
      if (events.length === 0) return;
      broadcastInspection({ id: 0, name: 'session' }, sessionNext, events);
      sessionNext += events.length;
    });
  const session = new InspectorSession({
    scenario: options.scenario ?? null,
    ...(options.doctrine === undefined ? {} : { doctrine: options.doctrine }),
    onInspection: (event) => {
      guard(() => options.onInspection?.(event));
      if (pages.size === 0) return;
      guard(() => {
        if (sessionBatch.length === 0) queueMicrotask(flushSessionBatch);
        sessionBatch.push(toWireInspection(event, { withContext: false }));
      });
    },
  });

  const pressure = new Backpressure(stallMs);
  const pageTargets = (): WatchedPage[] =>
    [...pages].map((page) => ({ channel: page.channel, terminate: () => page.ws.terminate() }));
  function updatePressure(): void {
    const wasPaused = pressure.paused;
    pressure.update(
      pageTargets(),
      [...sources.values()].map((s) => s.gate.for('pressure')),
    );
    if (wasPaused && !pressure.paused) scheduler.wake();
  }

  // A page that stopped reading keeps the programs paused until it is disconnected.
  const stallTimer = setInterval(() => {
    if (pressure.paused) guard(updatePressure);
  }, 1000);
  stallTimer.unref();

  // ---- views: built once per change and per distinct payload form, shared by every page ------
  let viewsForAll = false;
  const viewsFor = new Set<Page>();
  /** The session changed: every page gets a new view at the end of this turn. */
  const broadcastViews = (): void => {
    viewsForAll = true;
  };
  /** This page's payload form changed: it gets a new view at the end of this turn. */
  const sendView = (page: Page): void => {
    viewsFor.add(page);
  };
  const flushViews = (): void => {
    const targets = viewsForAll ? [...pages] : [...viewsFor].filter((p) => pages.has(p));
    viewsForAll = false;
    viewsFor.clear();
    const built = new Map<string, string>();
    for (const page of targets) {
      const key = JSON.stringify(page.draft);
      let json = built.get(key);
      if (json === undefined) {
        viewBuilds += 1;
        json = JSON.stringify({ type: 'view', view: session.getView(page.draft) });
        built.set(key, json);
      }
      page.channel.sendSerialized(json, 'view');
    }
  };

  let sourcesTimer: NodeJS.Timeout | null = null;
  const summaries = (): SourceSummary[] =>
    [...sources.values(), ...finished].map(
      ({ ws: _ws, channel: _c, expected: _e, inbox: _i, gate: _g, ...summary }) => summary,
    );
  const scheduleSources = (): void => {
    if (sourcesTimer !== null) return;
    sourcesTimer = setTimeout(() => {
      sourcesTimer = null;
      guard(() => {
        const json = JSON.stringify({ type: 'sources', sources: summaries() });
        for (const page of pages) page.channel.sendSerialized(json, 'sources');
      });
    }, 200);
    sourcesTimer.unref();
  };

  /** Tells clients whose incoming queue dropped messages how many (once per turn). */
  const reportDrops = (): void => {
    const clients = [...pages, ...sources.values()];
    for (const client of clients) {
      const n = client.inbox.unreported;
      if (n === 0) continue;
      client.inbox.unreported = 0;
      client.channel.send({
        type: 'error',
        message: `${n} message(s) dropped: more than ${scheduler.maxQueued} were waiting (this server handles ${'draft' in client ? pageRate.perSecond : sourceRate.perSecond} messages per second per client)`,
        dropped: client.inbox.dropped,
      });
    }
  };

  const scheduler = new FairScheduler<Incoming>(
    options.inbox,
    () => {
      guard(reportDrops);
      guard(flushViews);
    },
    () => {
      internalErrors += 1;
    },
  );

  function handlePage(page: Page, message: PageMessage): void {
    switch (message.type) {
      case 'ping':
        page.channel.send(
          message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id },
        );
        return;
      case 'draft':
        page.draft = message.draft;
        sendView(page);
        return;
      case 'send':
      case 'event': {
        if (message.type === 'send' && message.draft !== undefined) page.draft = message.draft;
        const event =
          message.type === 'send' ? session.eventFor(message.eventType, page.draft) : message.event;
        const result = session.send(event);
        page.channel.send({
          type: 'result',
          ...(message.id === undefined ? {} : { id: message.id }),
          ...result,
        });
        broadcastViews();
        return;
      }
      case 'seek':
        session.seek(message.month);
        broadcastViews();
        return;
      case 'reset':
        session.reset();
        broadcastViews();
        return;
      case 'undo':
      case 'redo':
        session[message.type]();
        broadcastViews();
        return;
      case 'goto':
        session.goto(message.step);
        broadcastViews();
        return;
      case 'trace':
        page.channel.send({ type: 'trace', trace: session.trace() });
        return;
      case 'loadTrace':
        session.loadTrace(message.trace.input, message.trace.events, message.trace.doctrine);
        broadcastViews();
        return;
      case 'load': {
        if (message.scenario === null) {
          session.load(null, message.doctrine);
        } else if (!scenarioIds.has(message.scenario)) {
          throw new SessionError(`no bundled scenario ${JSON.stringify(message.scenario)}`);
        } else {
          const bundled = resolveScenario(message.scenario);
          session.load({ id: bundled.id, scenario: bundled.scenario }, message.doctrine);
        }
        broadcastViews();
        return;
      }
    }
  }

  function onPageMessage(page: Page, { data, isBinary }: Incoming): void {
    if (isBinary) {
      page.channel.send({
        type: 'error',
        message: 'binary messages are not accepted; send JSON text',
      });
      return;
    }
    const parsed = parseMessage(rawText(data), PageMessageSchema, MAX_PAGE_MESSAGE_BYTES);
    if (!parsed.ok) {
      page.channel.send({
        type: 'error',
        message: parsed.error,
        ...(parsed.id === undefined ? {} : { id: parsed.id }),
      });
      return;
    }
    try {
      handlePage(page, parsed.message);
    } catch (error) {
      if (!(error instanceof SessionError)) internalErrors += 1;
      const text =
        error instanceof SessionError
          ? error.message
          : `internal error: ${String((error as Error | null)?.message ?? error).slice(0, 300)}`;
      const id = 'id' in parsed.message ? parsed.message.id : undefined;
      page.channel.send({ type: 'error', message: text, ...(id === undefined ? {} : { id }) });
    }
  }

  function onPage(ws: WebSocket): void {
    const page = { ws, draft: {} } as Page;
    page.channel = new ClientChannel(ws, options.channel, () => {
      if (pressure.paused) guard(updatePressure);
      scheduler.wake();
    });
    page.inbox = scheduler.add(
      ws,
      pageRate,
      () => !page.channel.full,
      (incoming) => onPageMessage(page, incoming),
    );
    pages.add(page);
    ws.on('error', () => guard(() => ws.terminate()));
    ws.on('close', () =>
      guard(() => {
        pages.delete(page);
        viewsFor.delete(page);
        scheduler.remove(page.inbox);
        droppedIncomingClosed += page.inbox.dropped;
        droppedOutgoingClosed += page.channel.dropped;
        updatePressure();
      }),
    );
    ws.on('message', (data, isBinary) =>
      guard(() => scheduler.push(page.inbox, { data, isBinary }, rawBytes(data))),
    );
    page.channel.send({
      type: 'hello',
      scenarios: [...scenarioIds],
      services: SERVICES,
      tasks: TASKS,
      limits: {
        messageBytes: MAX_PAGE_MESSAGE_BYTES,
        messagesPerSecond: pageRate.perSecond,
        queuedMessages: scheduler.maxQueued,
      },
    });
    sendView(page);
    if (sources.size + finished.length > 0)
      page.channel.send({ type: 'sources', sources: summaries() });
    // The view goes out at the end of the next turn, built once for every page that joined.
    scheduler.schedule();
  }

  function onSourceMessage(source: Source, { data, isBinary }: Incoming): void {
    const parsed = isBinary
      ? ({ ok: false, error: 'binary messages are not accepted; send JSON text' } as const)
      : parseMessage(rawText(data), SourceMessageSchema, MAX_SOURCE_MESSAGE_BYTES);
    if (!parsed.ok) {
      source.channel.send({ type: 'error', message: parsed.error });
      return;
    }
    const message = parsed.message;
    if (message.type === 'ping') {
      source.channel.send(
        message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id },
      );
      return;
    }
    if (message.first !== source.expected) {
      source.gaps += 1;
      source.channel.send({
        type: 'error',
        message: `batch starts at event ${message.first}, expected ${source.expected}`,
      });
    }
    source.expected = message.first + message.events.length;
    source.received += message.events.length;
    source.dropped += message.dropped ?? 0;
    for (const event of message.events) {
      if (event.machineId !== undefined) source.machineId = event.machineId;
      if (event.type === '@xstate.snapshot') {
        source.value = compactValue(event.value ?? null, SUMMARY_COMPACT) ?? null;
        if (event.context !== undefined) {
          source.context = compactValue(event.context, SUMMARY_COMPACT) ?? null;
        }
      }
      if (event.type === '@xstate.event') source.lastEvent = event.eventType ?? null;
    }
    broadcastInspection(source, message.first, message.events.map(withoutContext));
    scheduleSources();
  }

  function onSource(ws: WebSocket, url: URL): void {
    const gate = new PauseGate(ws);
    const source = {
      id: nextSourceId++,
      name: sourceName(url),
      received: 0,
      dropped: 0,
      gaps: 0,
      machineId: null,
      value: null,
      lastEvent: null,
      context: null,
      connected: true,
      expected: 1,
      ws,
      gate,
      channel: new ClientChannel(ws, options.channel, () => scheduler.wake()),
    } as unknown as Source;
    source.inbox = scheduler.add(
      gate.for('inbox'),
      sourceRate,
      () => !pressure.paused && !source.channel.full,
      (incoming) => onSourceMessage(source, incoming),
    );
    sources.set(source.id, source);
    pressure.admit(gate.for('pressure'));
    ws.on('error', () => guard(() => ws.terminate()));
    ws.on('close', () =>
      guard(() => {
        source.connected = false;
        sources.delete(source.id);
        scheduler.remove(source.inbox);
        droppedIncomingClosed += source.inbox.dropped;
        droppedOutgoingClosed += source.channel.dropped;
        finished.push(source);
        if (finished.length > FINISHED_KEPT) finished.shift();
        scheduleSources();
      }),
    );
    ws.on('message', (data, isBinary) =>
      guard(() => scheduler.push(source.inbox, { data, isBinary }, rawBytes(data))),
    );
    source.channel.send({ type: 'welcome', source: source.id, name: source.name });
    scheduleSources();
  }

  /**
   * Makes the files given as functions (after listening: setImmediate lets the caller print the
   * address first), each on its own: one that fails leaves the other's files served. A failed
   * chart is replaced by an SVG saying why; failed extra files are simply absent (404). Never
   * rejects, never ends the process.
   */
  const makeLaterFiles = async (
    chart: InspectorServerOptions['statechartSvg'],
    extra: InspectorServerOptions['extraFiles'],
  ): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (closed) return;
    const [svg, more] = await Promise.allSettled([
      // Called inside a promise: a factory that throws at once is a rejection like any other.
      typeof chart === 'function' ? Promise.resolve().then(chart) : Promise.resolve(null),
      typeof extra === 'function' ? Promise.resolve().then(extra) : Promise.resolve(null),
    ]);
    if (typeof chart === 'function') {
      let body: string;
      if (svg.status === 'fulfilled' && typeof svg.value === 'string') body = svg.value;
      else {
        internalErrors += 1;
        const reason = svg.status === 'rejected' ? describeError(svg.reason) : 'not a text';
        body = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="40"><text x="8" y="24">statechart unavailable: ${escapeXml(reason)}</text></svg>`;
      }
      files.set('/statechart.svg', toStatechartFile(body));
    }
    if (typeof extra === 'function') {
      if (more.status === 'rejected') internalErrors += 1;
      else {
        try {
          addExtraFiles(files, more.value ?? {});
        } catch {
          internalErrors += 1;
        }
      }
    }
  };
  /** Set by `close()`: files not yet made are not made any more. */
  let closed = false;
  /** Requests waiting for files being made, answered 503 by `close()`. */
  const waiting = new Set<ServerResponse>();

  // ---- HTTP ---------------------------------------------------------------------------------
  let files = new Map<string, StaticFile>();
  /** Files made after listening (`statechartSvg` or `extraFiles` given as functions), or null. */
  let made: Promise<void> | null = null;
  let allowedHosts = new Set<string>();
  const hostAllowed = (value: string | undefined): boolean =>
    value !== undefined && allowedHosts.has(value.toLowerCase());

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const deny = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(`${text}\n`);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'method not allowed');
      if (!hostAllowed(req.headers.host)) return deny(421, 'unexpected Host header');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const file = files.get(path);
      if (file === undefined && made !== null) {
        // Files still being made (the statechart's layout): answer once they are.
        waiting.add(res);
        const answer = (): void => {
          if (!waiting.delete(res)) return;
          guard(() => serve(req, res, path, deny));
        };
        made.then(answer, answer);
        return;
      }
      serve(req, res, path, deny);
    } catch {
      internalErrors += 1;
      guard(() => (res.headersSent ? res.destroy() : deny(500, 'internal error')));
    }
  });
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    deny: (status: number, text: string) => void,
  ): void => {
    try {
      const file = files.get(path);
      if (file === undefined) return deny(404, 'not found');
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': file.body.length,
        'Content-Security-Policy':
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    } catch {
      internalErrors += 1;
      guard(() => (res.headersSent ? res.destroy() : deny(500, 'internal error')));
    }
  };
  // Slow or idle HTTP clients cannot hold sockets for long; raw connections are capped too.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxConnections = maxClients + 32;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SOURCE_MESSAGE_BYTES });
  wss.on('error', () => {
    internalErrors += 1;
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string): void => {
      refused += 1;
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      if (!hostAllowed(req.headers.host)) return refuse(421, 'Misdirected Request');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const isPage = url.pathname === '/ws';
      if (!isPage && url.pathname !== '/ws/source') return refuse(404, 'Not Found');
      // A browser always sends its page's Origin: it must be this server's. A page needs one.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
        return refuse(403, 'Forbidden');
      }
      if (isPage && origin === undefined) return refuse(403, 'Forbidden');
      if (!sameToken(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
      if (openSockets >= maxClients) return refuse(503, 'Service Unavailable');
      openSockets += 1;
      socket.once('close', () => {
        openSockets -= 1;
      });
      wss.handleUpgrade(req, socket, head, (ws) =>
        guard(() => {
          if (isPage) onPage(ws);
          else onSource(ws, url);
        }),
      );
    } catch {
      internalErrors += 1;
      guard(() => socket.destroy());
    }
  });
  server.on('clientError', (_error, socket) => guard(() => socket.destroy()));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after listening (none expected) must not end the process.
  server.on('error', () => {
    internalErrors += 1;
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port, options.allowedHosts);
  const chart = options.statechartSvg;
  const extra = options.extraFiles;
  files = loadStaticFiles(
    typeof chart === 'function' ? null : (chart ?? EMPTY_SVG),
    typeof extra === 'function' ? {} : extra,
  );
  if (typeof chart === 'function' || typeof extra === 'function') {
    // Until they are made, /statechart.svg and the extra paths wait (see the request handler).
    made = makeLaterFiles(chart, extra)
      .catch(() => {
        internalErrors += 1;
      })
      .finally(() => {
        made = null;
      });
  }

  // A wildcard address is no place to browse to: give the loopback address of its family.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${hostWithPort(shown, port)}/?token=${token}`;
  const allChannels = (): ClientChannel[] => [
    ...[...pages].map((p) => p.channel),
    ...[...sources.values()].map((s) => s.channel),
  ];
  return {
    url,
    token,
    host,
    port,
    session,
    stats: () => ({
      pages: pages.size,
      sources: sources.size,
      relayed,
      peakQueuedBytes: Math.max(
        pressure.peakQueuedBytes,
        ...[...pages].map((p) => p.channel.peakQueuedBytes),
      ),
      pauses: pressure.pauses,
      paused: pressure.paused,
      clients: openSockets,
      refused,
      viewBuilds,
      droppedIncoming:
        droppedIncomingClosed +
        [...pages, ...sources.values()].reduce((n, c) => n + c.inbox.dropped, 0),
      droppedOutgoing: droppedOutgoingClosed + allChannels().reduce((n, c) => n + c.dropped, 0),
      internalErrors,
      waitingRequests: waiting.size,
    }),
    close: async () => {
      closed = true;
      for (const res of waiting) {
        guard(() => {
          res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
          res.end('closing\n');
        });
      }
      waiting.clear();
      clearInterval(stallTimer);
      scheduler.stop();
      if (sourcesTimer !== null) clearTimeout(sourcesTimer);
      for (const page of pages) page.ws.terminate();
      for (const source of sources.values()) source.ws.terminate();
      session.stop();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
