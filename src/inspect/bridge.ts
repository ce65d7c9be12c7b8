/**
 * `pillar inspect --stately`: the session's inspection events also go to the Stately inspector
 * (https://stately.ai/inspect), for users who are online. `@statelyai/inspect` stands in for
 * `@xstate/inspect`, which works with xstate 4 only (it fails against xstate 5); it converts only
 * actor, event and snapshot events.
 *
 * The bridge server is this project's own, not `@statelyai/inspect/server`: that one listens on
 * every interface, cannot be told a host, and reports a busy port as an unhandled `error` event
 * (a crash). This one binds to the host asked for (the inspector's), reports listen errors as a
 * rejected promise, refuses WebSocket upgrades without its token or from another Origin, and
 * foreign Host headers (as the inspector does), and serves one page that embeds the hosted Stately UI and forwards the events to it.
 * It never opens a browser. Starting it needs no network; the page does.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import type { InspectionEvent } from 'xstate';
import { allowedHostHeaders } from './server.ts';

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The hosted Stately inspector the bridge page embeds. */
export const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

/** Events kept for a bridge page that connects late (as `@statelyai/inspect/server` does). */
const KEPT_EVENTS = 200;

export interface StatelyBridgeOptions {
  /** Port to listen on; 0 = any free port. */
  port: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /**
   * The token its WebSocket requires as `?token=` (default: random, made at start; `url`
   * carries it). `pillar inspect` gives the inspector's own.
   */
  token?: string;
}

export interface StatelyBridge {
  /** Pass every inspection event of the inspected actor. */
  inspect: (event: InspectionEvent) => void;
  /** The local page that shows the Stately inspector, with the token (`?token=...`). */
  url: string;
  /** The token its WebSocket requires. */
  token: string;
  /** The interface it is bound to, as asked for. */
  host: string;
  /** The port it listens on. */
  port: number;
  stop(): void;
}

function hostWithPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The URL to open for a server bound to `host`: a loopback address for a wildcard. */
function openableUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${hostWithPort(shown, port)}/`;
}

function bridgePage(): string {
  return `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Stately inspector (pillar inspect --stately)</title>
  <style>* { margin: 0; padding: 0; } html, body { height: 100%; } iframe { width: 100%; height: 100%; border: none; }</style>
</head>
<body>
  <iframe id="inspector" src="${STATELY_INSPECTOR_URL}"></iframe>
  <script>
    const iframe = document.getElementById('inspector');
    const buffer = [];
    let connected = false;
    window.addEventListener('message', (e) => {
      if (e.data && e.data.type === '@statelyai.connected') {
        connected = true;
        for (const event of buffer) iframe.contentWindow.postMessage(event, '*');
        buffer.length = 0;
      }
    });
    const token = (/[?&]token=([^&#]*)/.exec(location.search) || [])[1] || '';
    const ws = new WebSocket('ws://' + location.host + '/?token=' + token);
    ws.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (connected) iframe.contentWindow.postMessage(data, '*');
      else buffer.push(data);
    };
  </script>
</body>
</html>
`;
}

/** JSON text of an event, leaving out functions and repeated references (actor refs can cycle). */
function toJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'function') return undefined;
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    return v;
  });
}

/**
 * Starts the bridge on `host` (default 127.0.0.1) and `port`; resolves once it listens.
 * @throws Error when `@statelyai/inspect` is not installed.
 * @throws the listen error (with its `code`, e.g. EADDRINUSE, EACCES, EADDRNOTAVAIL) otherwise.
 */
export async function createStatelyBridge(options: StatelyBridgeOptions): Promise<StatelyBridge> {
  let inspectModule: typeof import('@statelyai/inspect');
  try {
    inspectModule = await import('@statelyai/inspect');
  } catch {
    throw new Error(
      '--stately needs the package @statelyai/inspect (npm install @statelyai/inspect)',
    );
  }
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const page = bridgePage();
  const kept: string[] = [];
  let allowedHosts = new Set<string>();
  const hostAllowed = (value: string | undefined): boolean =>
    value !== undefined && allowedHosts.has(value.toLowerCase());

  const server = createServer((req, res) => {
    const plain = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'method not allowed');
    if (!hostAllowed(req.headers.host)) return plain(421, 'unexpected Host header');
    if ((req.url ?? '/').split('?')[0] !== '/') return plain(404, 'not found');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : page);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const origin = req.headers.origin;
    let given: string | null = null;
    try {
      given = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    } catch {
      given = null;
    }
    if (
      !hostAllowed(req.headers.host) ||
      (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (given === null || !sameToken(given, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      for (const message of kept) ws.send(message);
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after listening (none expected) must not crash the inspector.
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);

  const broadcast = (json: string): void => {
    kept.push(json);
    if (kept.length > KEPT_EVENTS) kept.shift();
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(json);
  };
  const inspector = inspectModule.createInspector({
    send: (event) => {
      try {
        broadcast(toJson(event));
      } catch {
        // An event that cannot be serialised is left out; the local inspector still has it.
      }
    },
  });

  return {
    inspect: (event) => inspector.inspect.next?.(event),
    url: `${openableUrl(host, port)}?token=${token}`,
    token,
    host,
    port,
    stop: () => {
      inspector.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close();
    },
  };
}
