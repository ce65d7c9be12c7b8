/**
 * The local inspector server: serves its own page (and nothing else), keeps one session that the
 * pages drive over a WebSocket (`/ws`), and relays the inspection events that programs stream to
 * `/ws/source` to every page, in order, with backpressure. Binds to 127.0.0.1 by default;
 * WebSocket upgrades from another Origin are refused; every message is validated and a bad one
 * gets an error reply.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { InspectionEvent } from 'xstate';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SERVICES, type Doctrine } from '../domain/index.ts';
import { listBundledScenarioIds, resolveScenario } from '../scenario/catalog.ts';
import { ClientChannel, type ChannelOptions } from './channel.ts';
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
import { loadStaticFiles, type StaticFile } from './static-files.ts';
import { toWireInspection, withoutContext } from './wire.ts';

export interface InspectorServerOptions {
  /** Port to listen on (default 4173; 0 = any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  scenario?: SessionScenario | null;
  doctrine?: Doctrine;
  /** The statechart as SVG, served at /statechart.svg. */
  statechartSvg?: string;
  /** More files to serve by path (the pillar view's /pillar.json and /pillar.svg); never replaces the page's own. */
  extraFiles?: Record<string, { type: string; body: string }>;
  /** Queue limits of each client's outgoing stream. */
  channel?: ChannelOptions;
  /** A page whose queue stays full this long (ms) is disconnected (default 15000). */
  stallMs?: number;
  /** Called with every inspection event of the session's actor (the Stately bridge uses it). */
  onInspection?: (event: InspectionEvent) => void;
}

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
}

export interface InspectorServer {
  /**
   * `http://host:port/`, the address to open: for a wildcard host (0.0.0.0 or ::), the loopback
   * address of that family (127.0.0.1 or [::1]).
   */
  url: string;
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

interface Page {
  channel: ClientChannel;
  ws: WebSocket;
  draft: Draft;
}

interface Source extends SourceSummary {
  ws: WebSocket;
  channel: ClientChannel;
  expected: number;
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
  const stallMs = options.stallMs ?? 15_000;
  const pages = new Set<Page>();
  const sources = new Map<number, Source>();
  const finished: Source[] = [];
  let nextSourceId = 1;
  let relayed = 0;
  let port = options.port ?? 4173;
  const scenarioIds = new Set(listBundledScenarioIds());

  const broadcastInspection = (
    source: { id: number; name: string },
    first: number,
    events: WireInspection[],
  ): void => {
    const json = JSON.stringify({
      type: 'inspection',
      source: source.id,
      name: source.name,
      first,
      events,
    });
    relayed += events.length;
    for (const page of pages) page.channel.sendSerialized(json);
    updatePressure();
  };

  // The session's own inspection events, relayed in one message per tick.
  let sessionNext = 1;
  let sessionBatch: WireInspection[] = [];
  const flushSessionBatch = (): void => {
    const events = sessionBatch;
    sessionBatch = [];
    if (events.length === 0) return;
    broadcastInspection({ id: 0, name: 'session' }, sessionNext, events);
    sessionNext += events.length;
  };
  const session = new InspectorSession({
    scenario: options.scenario ?? null,
    ...(options.doctrine === undefined ? {} : { doctrine: options.doctrine }),
    onInspection: (event) => {
      options.onInspection?.(event);
      if (pages.size === 0) return;
      if (sessionBatch.length === 0) queueMicrotask(flushSessionBatch);
      sessionBatch.push(toWireInspection(event, { withContext: false }));
    },
  });

  const pressure = new Backpressure(stallMs);
  const pageTargets = (): WatchedPage[] =>
    [...pages].map((page) => ({ channel: page.channel, terminate: () => page.ws.terminate() }));
  function updatePressure(): void {
    pressure.update(
      pageTargets(),
      [...sources.values()].map((s) => s.ws),
    );
  }

  // A page that stopped reading keeps the programs paused until it is disconnected.
  const stallTimer = setInterval(() => {
    if (pressure.paused) updatePressure();
  }, 1000);
  stallTimer.unref();

  const sendView = (page: Page): void => {
    page.channel.send({ type: 'view', view: session.getView(page.draft) }, 'view');
  };
  const broadcastViews = (): void => {
    for (const page of pages) sendView(page);
  };

  let sourcesTimer: NodeJS.Timeout | null = null;
  const summaries = (): SourceSummary[] =>
    [...sources.values(), ...finished].map(
      ({ ws: _ws, channel: _c, expected: _e, ...summary }) => summary,
    );
  const scheduleSources = (): void => {
    if (sourcesTimer !== null) return;
    sourcesTimer = setTimeout(() => {
      sourcesTimer = null;
      const json = JSON.stringify({ type: 'sources', sources: summaries() });
      for (const page of pages) page.channel.sendSerialized(json, 'sources');
    }, 200);
    sourcesTimer.unref();
  };

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

  function onPage(ws: WebSocket): void {
    const page: Page = {
      ws,
      draft: {},
      channel: new ClientChannel(ws, options.channel, () => {
        if (pressure.paused) updatePressure();
      }),
    };
    pages.add(page);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      pages.delete(page);
      updatePressure();
    });
    ws.on('message', (data, isBinary) => {
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
        const text =
          error instanceof SessionError
            ? error.message
            : `internal error: ${(error as Error).message}`;
        const id = 'id' in parsed.message ? parsed.message.id : undefined;
        page.channel.send({ type: 'error', message: text, ...(id === undefined ? {} : { id }) });
      }
    });
    page.channel.send({
      type: 'hello',
      scenarios: [...scenarioIds],
      services: SERVICES,
      limits: { messageBytes: MAX_PAGE_MESSAGE_BYTES },
    });
    sendView(page);
    if (sources.size + finished.length > 0)
      page.channel.send({ type: 'sources', sources: summaries() });
  }

  function onSource(ws: WebSocket, url: URL): void {
    const source: Source = {
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
      channel: new ClientChannel(ws, options.channel),
    };
    sources.set(source.id, source);
    pressure.admit(ws);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      source.connected = false;
      sources.delete(source.id);
      finished.push(source);
      if (finished.length > FINISHED_KEPT) finished.shift();
      scheduleSources();
    });
    ws.on('message', (data, isBinary) => {
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
          source.value = event.value ?? null;
          if (event.context !== undefined) source.context = event.context;
        }
        if (event.type === '@xstate.event') source.lastEvent = event.eventType ?? null;
      }
      broadcastInspection(source, message.first, message.events.map(withoutContext));
      scheduleSources();
    });
    source.channel.send({ type: 'welcome', source: source.id, name: source.name });
    scheduleSources();
  }

  // ---- HTTP ---------------------------------------------------------------------------------
  let files = new Map<string, StaticFile>();
  let allowedHosts = new Set<string>();
  const hostAllowed = (value: string | undefined): boolean =>
    value !== undefined && (allowedHosts.size === 0 || allowedHosts.has(value.toLowerCase()));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const deny = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(`${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'method not allowed');
    if (!hostAllowed(req.headers.host)) return deny(421, 'unexpected Host header');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
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
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SOURCE_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req.headers.host)) return refuse(421, 'Misdirected Request');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      return refuse(403, 'Forbidden');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' && url.pathname !== '/ws/source') return refuse(404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (url.pathname === '/ws') onPage(ws);
      else onSource(ws, url);
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  if (isLoopbackHost(host)) {
    allowedHosts = new Set(
      ['127.0.0.1', 'localhost', '[::1]', host].map((h) => `${h}:${port}`.toLowerCase()),
    );
    if (host.includes(':')) allowedHosts.add(hostWithPort(host, port).toLowerCase());
  }
  files = loadStaticFiles(
    options.statechartSvg ?? '<svg xmlns="http://www.w3.org/2000/svg"/>',
    options.extraFiles,
  );

  // A wildcard address is no place to browse to: give the loopback address of its family.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${hostWithPort(shown, port)}/`;
  return {
    url,
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
    }),
    close: async () => {
      clearInterval(stallTimer);
      if (sourcesTimer !== null) clearTimeout(sourcesTimer);
      for (const page of pages) page.ws.terminate();
      for (const source of sources.values()) source.ws.terminate();
      session.stop();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
