/**
 * The inspector server's safety and protocol, over real sockets on 127.0.0.1 (port 0): only its
 * own files, no traversal, same-origin WebSockets only, every message validated with an error
 * reply, other clients unaffected; the session driven from a page; programs attached through
 * the sink; the outgoing queues and backpressure.
 */
import { request } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import {
  describeListening,
  parsePort,
  startInspect,
  startupLines,
} from '../src/cli/commands/inspect.ts';
import { InputError } from '../src/cli/shared.ts';
import { createStatelyBridge } from '../src/inspect/bridge.ts';
import { ClientChannel } from '../src/inspect/channel.ts';
import { MAX_PAGE_MESSAGE_BYTES } from '../src/inspect/protocol.ts';
import { Backpressure } from '../src/inspect/pressure.ts';
import { startInspectorServer, type InspectorServer } from '../src/inspect/server.ts';
import type { InspectorView } from '../src/inspect/session.ts';
import { createInspectorSink } from '../src/inspect/sink.ts';
import { ScenarioError } from '../src/scenario/errors.ts';
import { resolveScenario } from '../src/scenario/catalog.ts';

interface Message {
  seq: number;
  type: string;
  [key: string]: unknown;
}

/** A WebSocket client that keeps every message and can wait for one. */
class Client {
  readonly messages: Message[] = [];
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as Message;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** Opens `url`; a page (`/ws`) sends this server's Origin, as a browser does. */
  static async open(url: string, headers?: Record<string, string>): Promise<Client> {
    const page = new URL(url).pathname === '/ws';
    const ws = new WebSocket(url, {
      headers: headers ?? (page ? { Origin: `http://${new URL(url).host}` } : {}),
    });
    const client = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** The next message (after those already seen, or among them) that passes `test`. */
  next(test: (m: Message) => boolean, from = 0): Promise<Message> {
    const seen = this.messages.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message within 5 s')), 5000);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Sends `payload` and waits for the first reply of `type` after it. */
  async ask(payload: unknown, type: string | string[]): Promise<Message> {
    const from = this.messages.length;
    const types = Array.isArray(type) ? type : [type];
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
    return this.next((m) => types.includes(m.type), from);
  }

  async view(payload: unknown): Promise<InspectorView> {
    const reply = await this.ask(payload, ['view', 'error']);
    if (reply.type === 'error') throw new Error(String(reply.message));
    return reply.view as InspectorView;
  }

  close(): void {
    this.ws.close();
  }
}

/** A raw GET, the path sent exactly as given (fetch would normalise `..`). */
function rawGet(
  port: number,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The status of a refused WebSocket upgrade, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

const sierraLeone = resolveScenario('sierra-leone');

let server: InspectorServer;
/** The page endpoint with the session's token. */
let wsUrl: string;
/** The Origin a page of this server sends. */
let origin: Record<string, string>;

beforeAll(async () => {
  server = await startInspectorServer({
    port: 0,
    statechartSvg: '<svg xmlns="http://www.w3.org/2000/svg"><title>test chart</title></svg>',
  });
  wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  origin = { Origin: `http://127.0.0.1:${server.port}` };
});

afterAll(async () => {
  await server.close();
});

describe('serving files', () => {
  it('binds to 127.0.0.1 by default and prints a loopback URL with the session token', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.token).toMatch(/^[\w-]{32}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('serves its page, script, style and statechart with a strict content security policy', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('/app.js');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    for (const [path, type] of [
      ['app.js', 'text/javascript'],
      ['style.css', 'text/css'],
      ['statechart.svg', 'image/svg+xml'],
    ] as const) {
      const res = await fetch(new URL(path, server.url));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const text = await res.text();
      expect(text, `${path} names no other host`).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fpackage.json',
    '/static/app.js',
    '/app.js/../../package.json',
    '/index.html',
    '/nope',
    '//etc/passwd',
  ])('answers %s with 404 and nothing of the file', async (path) => {
    const res = await rawGet(server.port, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('pillar-transitions');
    expect(res.body).not.toContain('root:');
  });

  it('refuses other methods and foreign Host headers', async () => {
    expect((await rawGet(server.port, '/', 'POST')).status).toBe(405);
    expect((await rawGet(server.port, '/', 'GET', { Host: 'evil.example' })).status).toBe(421);
  });
});

describe('files made after listening', () => {
  /** A promise the test settles by hand. */
  function deferred<T>() {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  it('serves the page at once, and the statechart and extra files once they are made', async () => {
    const chart = deferred<string>();
    const extra = deferred<Record<string, { type: string; body: string }>>();
    let calls = 0;
    const lazy = await startInspectorServer({
      port: 0,
      statechartSvg: () => {
        calls += 1;
        return chart.promise;
      },
      extraFiles: () => extra.promise,
    });
    try {
      const base = `http://127.0.0.1:${lazy.port}`;
      expect((await fetch(`${base}/`)).status).toBe(200);
      const order: string[] = [];
      const svg = fetch(`${base}/statechart.svg`).then(async (r) => {
        order.push('chart');
        return { status: r.status, body: await r.text() };
      });
      const json = fetch(`${base}/extra.json`).then((r) => {
        order.push('extra');
        return r.status;
      });
      const missing = fetch(`${base}/nope`).then((r) => r.status);
      // The page's own files do not wait for them.
      expect((await fetch(`${base}/app.js`)).status).toBe(200);
      expect(order).toEqual([]);
      chart.resolve('<svg xmlns="http://www.w3.org/2000/svg"><title>made later</title></svg>');
      extra.resolve({ '/extra.json': { type: 'application/json', body: '{"a":1}' } });
      expect(await svg).toEqual({
        status: 200,
        body: '<svg xmlns="http://www.w3.org/2000/svg"><title>made later</title></svg>',
      });
      expect(await json).toBe(200);
      expect(await missing).toBe(404);
      expect(calls).toBe(1);
      // Made once: later requests are answered from the table.
      expect(await (await fetch(`${base}/statechart.svg`)).text()).toContain('made later');
      expect(calls).toBe(1);
    } finally {
      await lazy.close();
    }
  });

  it('keeps serving when making them fails: the chart says why, extra paths answer 404', async () => {
    const lazy = await startInspectorServer({
      port: 0,
      statechartSvg: () => Promise.reject(new Error('layout <failed>')),
      extraFiles: () => {
        throw new Error('no pillar view');
      },
    });
    try {
      const base = `http://127.0.0.1:${lazy.port}`;
      const chart = await fetch(`${base}/statechart.svg`);
      expect(chart.status).toBe(200);
      expect(await chart.text()).toContain('statechart unavailable: layout &lt;failed&gt;');
      expect((await fetch(`${base}/pillar.json`)).status).toBe(404);
      expect((await fetch(`${base}/`)).status).toBe(200);
      expect(lazy.stats().internalErrors).toBe(2);
    } finally {
      await lazy.close();
    }
  });

  it('serves what was made when the other one fails, each on its own', async () => {
    const chartFails = await startInspectorServer({
      port: 0,
      statechartSvg: () => Promise.reject(new Error('no layout')),
      extraFiles: () =>
        Promise.resolve({ '/pillar.json': { type: 'application/json', body: '{}' } }),
    });
    const extraFails = await startInspectorServer({
      port: 0,
      statechartSvg: () =>
        Promise.resolve('<svg xmlns="http://www.w3.org/2000/svg"><title>ok</title></svg>'),
      extraFiles: () => Promise.reject(new Error('pillar view broke')),
    });
    // Extra files the table cannot hold (a body that is no text) are left out, not fatal.
    const badBody = await startInspectorServer({
      port: 0,
      extraFiles: () =>
        Promise.resolve({ '/x': { type: 'text/plain', body: 5 as unknown as string } }),
    });
    try {
      const a = `http://127.0.0.1:${chartFails.port}`;
      expect(await (await fetch(`${a}/statechart.svg`)).text()).toContain('no layout');
      expect((await fetch(`${a}/pillar.json`)).status).toBe(200);
      const b = `http://127.0.0.1:${extraFails.port}`;
      const chart = await (await fetch(`${b}/statechart.svg`)).text();
      expect(chart).toContain('<title>ok</title>');
      expect(chart).not.toContain('unavailable');
      expect((await fetch(`${b}/pillar.json`)).status).toBe(404);
      const c = `http://127.0.0.1:${badBody.port}`;
      expect((await fetch(`${c}/x`)).status).toBe(404);
      expect((await fetch(`${c}/nope`)).status).toBe(404);
      expect(badBody.stats().internalErrors).toBe(1);
    } finally {
      await Promise.all([chartFails.close(), extraFails.close(), badBody.close()]);
    }
  });

  it('answers a request still waiting with 503 when it closes, and makes nothing after', async () => {
    let called = 0;
    const never = await startInspectorServer({
      port: 0,
      statechartSvg: () => {
        called += 1;
        return new Promise<string>(() => {});
      },
    });
    const base = `http://127.0.0.1:${never.port}`;
    const pending = fetch(`${base}/statechart.svg`).then((r) => r.status);
    // Once the request is waiting (order, not time: polled), close.
    for (let i = 0; i < 500 && never.stats().waitingRequests === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(never.stats().waitingRequests).toBe(1);
    await never.close();
    expect(await pending).toBe(503);
    expect(called).toBe(1);
    // Closed before its turn: the factory is not called at all.
    let late = 0;
    const closedAtOnce = await startInspectorServer({
      port: 0,
      statechartSvg: () => {
        late += 1;
        return Promise.resolve('<svg/>');
      },
    });
    await closedAtOnce.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(late).toBe(0);
  });
});

describe('WebSocket upgrades', () => {
  it('accepts a page of the same origin, and programs without an Origin, with the token', async () => {
    expect(await upgradeStatus(wsUrl, origin)).toBe(101);
    const source = `ws://127.0.0.1:${server.port}/ws/source?token=${server.token}`;
    expect(await upgradeStatus(source, {})).toBe(101);
    expect(await upgradeStatus(source, origin)).toBe(101);
  });

  it.each(['http://evil.example', `http://localhost:${server?.port ?? 1}.evil.example`, 'null'])(
    'refuses Origin %s with 403',
    async (foreign) => {
      expect(await upgradeStatus(wsUrl, { Origin: foreign })).toBe(403);
      expect(
        await upgradeStatus(`ws://127.0.0.1:${server.port}/ws/source?token=${server.token}`, {
          Origin: foreign,
        }),
      ).toBe(403);
    },
  );

  it('refuses an unknown WebSocket path with 404', async () => {
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/elsewhere?token=${server.token}`, {}),
    ).toBe(404);
  });
});

describe('messages from a page', () => {
  it('greets with the scenarios and the current view', async () => {
    const client = await Client.open(wsUrl);
    const hello = await client.next((m) => m.type === 'hello');
    expect(hello.scenarios).toContain('sierra-leone');
    const view = (await client.next((m) => m.type === 'view')).view as InspectorView;
    expect(view.active).toEqual([
      'country',
      'country.nonMission',
      'country.nonMission.earlyWarning',
    ]);
    expect(view.lead.department).toBe('DPPA');
    expect(view.verdicts.map((v) => v.type)).toContain('DEPLOY');
    client.close();
  });

  it.each([
    ['not JSON', 'hello there', /not JSON/],
    ['an unknown type', { type: 'rm -rf' }, /type/],
    ['an unknown field', { type: 'reset', extra: 1 }, /extra|Unrecognized/i],
    ['a bad month', { type: 'seek', month: '2014-13' }, /month/],
    ['a bad event type', { type: 'send', eventType: 'EXPLODE' }, /eventType/],
    ['a path as scenario', { type: 'load', scenario: '../../etc/passwd' }, /scenario/],
    ['an array', [1, 2, 3], /invalid/],
    [
      'too large',
      { type: 'draft', draft: { reason: 'x'.repeat(MAX_PAGE_MESSAGE_BYTES) } },
      /too large/,
    ],
  ])('answers %s with an error and keeps the connection', async (_name, payload, pattern) => {
    const client = await Client.open(wsUrl);
    const other = await Client.open(wsUrl);
    const reply = await client.ask(payload, 'error');
    expect(String(reply.message)).toMatch(pattern);
    expect((await client.ask({ type: 'ping', id: 7 }, 'pong')).id).toBe(7);
    expect((await other.ask({ type: 'ping' }, 'pong')).type).toBe('pong');
    client.close();
    other.close();
  });

  it('answers a binary message with an error', async () => {
    const client = await Client.open(wsUrl);
    const from = client.messages.length;
    client.ws.send(Buffer.from([1, 2, 3]));
    const reply = await client.next((m) => m.type === 'error', from);
    expect(String(reply.message)).toMatch(/binary/);
    client.close();
  });

  it('closes a connection that sends more than a megabyte, and keeps serving the others', async () => {
    const client = await Client.open(wsUrl);
    const other = await Client.open(wsUrl);
    const closed = new Promise<number>((resolve) => client.ws.on('close', (code) => resolve(code)));
    client.ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect((await other.ask({ type: 'ping' }, 'pong')).type).toBe('pong');
    other.close();
  });

  it('sends an event from the payload form: DEPLOY a pko makes DPO lead, and every page sees it', async () => {
    const client = await Client.open(wsUrl);
    const watcher = await Client.open(wsUrl);
    await client.view({ type: 'load', scenario: null });
    const from = watcher.messages.length;
    const result = await client.ask(
      {
        type: 'send',
        eventType: 'DEPLOY',
        draft: { month: '2020-03', newName: 'UNTEST', kind: 'pko' },
        id: 3,
      },
      'result',
    );
    expect(result).toMatchObject({ id: 3, accepted: true });
    const seen = (
      await watcher.next((m) => m.type === 'view' && (m.view as InspectorView).steps === 1, from)
    ).view as InspectorView;
    expect(seen.phase).toBe('peacekeeping');
    expect(seen.lead.department).toBe('DPO');
    expect(seen.informed.department).toBe('DPPA');
    expect(seen.handovers).toEqual([{ from: 'DPPA', to: 'DPO', month: '2020-03' }]);
    expect(seen.active).toContain('country.peacekeeping.startUp');
    expect(seen.sequence.map((m) => [m.from, m.to, m.kind])).toEqual([
      ['team', 'DPO', 'report'],
      ['team', 'DPPA', 'copy'],
      ['team', 'DPPA', 'copy'],
      ['team', 'DPPA', 'copy'],
      ['DPPA', 'DPO', 'handover'],
    ]);
    expect(seen.invariants.every((i) => i.holds)).toBe(true);
    client.close();
    watcher.close();
  });

  it('shows a refused event with its reason and leaves the state as it was', async () => {
    const client = await Client.open(wsUrl);
    const view = await client.view({ type: 'load', scenario: null });
    const complete = view.verdicts.find((v) => v.type === 'COMPLETE_HANDOVER');
    expect(complete?.accepted).toBe(false);
    expect(complete?.reason).toMatch(/end of a transition/);
    const result = await client.ask(
      { type: 'event', event: { type: 'WITHDRAW', month: '2020-02', presence: 'NOBODY' } },
      'result',
    );
    expect(result.accepted).toBe(false);
    expect(String(result.reason)).toMatch(/no active presence named "NOBODY"/);
    const after = (await client.next((m) => m.type === 'view' && m.seq > result.seq))
      .view as InspectorView;
    expect(after.steps).toBe(0);
    expect(after.refused).toBe(1);
    expect(after.log.at(-1)).toMatchObject({ type: 'WITHDRAW', accepted: false });
    client.close();
  });

  it('steps a scenario forward and back: the handover DPO -> DPPA appears at 2014-04 and goes again', async () => {
    const client = await Client.open(wsUrl);
    const start = await client.view({ type: 'load', scenario: 'sierra-leone' });
    expect(start.timeline?.cursor).toBe('1998-07');
    expect(start.timeline?.handovers).toEqual([{ at: '2014-04', from: 'DPO', to: 'DPPA' }]);
    const before = await client.view({ type: 'seek', month: '2014-03' });
    expect(before.lead.department).toBe('DPO');
    expect(before.handovers).toEqual([]);
    const at = await client.view({ type: 'seek', month: '2014-04' });
    expect(at.lead.department).toBe('DPPA');
    expect(at.handovers).toEqual([{ from: 'DPO', to: 'DPPA', month: '2014-04' }]);
    expect(at.phase).toBe('nonMission');
    const back = await client.view({ type: 'seek', month: '2005-06' });
    expect(back.handovers).toEqual([]);
    expect(back.presences.map((p) => p.name)).toEqual(['UNAMSIL', 'UNOWA']);
    const error = await client.ask({ type: 'seek', month: '1990-01' }, 'error');
    expect(String(error.message)).toMatch(/outside the scenario's window 1998-07/);
    const unknown = await client.ask({ type: 'load', scenario: 'atlantis' }, 'error');
    expect(String(unknown.message)).toMatch(/no bundled scenario "atlantis"/);
    await client.view({ type: 'load', scenario: null });
    client.close();
  });
});

describe('programs attached through the sink', () => {
  it('relays the inspection events of a Node actor to every page, numbered and in order', async () => {
    const page = await Client.open(wsUrl);
    const sink = createInspectorSink({ url: server.url, name: 'unit-test' });
    await sink.ready;
    const actor = createActor(countryMachine, {
      input: { country: 'Testland', region: 'europe-central-asia-americas', month: '2001-01' },
      inspect: sink.inspect,
    });
    actor.start();
    actor.send({ type: 'DEPLOY', month: '2001-02', presence: { name: 'UNTL', kind: 'spm-field' } });
    actor.send({ type: 'RENEW_MANDATE', month: '2002-02', presence: 'UNTL' });
    actor.stop();
    await sink.close();
    const sources = await page.next(
      (m) =>
        m.type === 'sources' &&
        (m.sources as { name: string; received: number }[]).some(
          (s) => s.name === 'unit-test' && s.received === sink.stats().sent,
        ),
    );
    const summary = (sources.sources as { name: string; machineId: string; value: unknown }[]).find(
      (s) => s.name === 'unit-test',
    );
    expect(summary?.machineId).toBe('country');
    const relayed = page.messages
      .filter((m) => m.type === 'inspection' && m.name === 'unit-test')
      .flatMap((m) => m.events as { type: string; eventType?: string }[]);
    expect(relayed.length).toBe(sink.stats().sent);
    expect(relayed.filter((e) => e.type === '@xstate.event').map((e) => e.eventType)).toEqual([
      'xstate.init',
      'DEPLOY',
      'RENEW_MANDATE',
    ]);
    const seqs = page.messages.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    page.close();
  });

  it('answers a malformed or out-of-sequence batch with an error', async () => {
    const source = await Client.open(
      `ws://127.0.0.1:${server.port}/ws/source?name=bad&token=${server.token}`,
    );
    const bad = await source.ask(
      { type: 'batch', first: 1, events: [{ type: '@xstate.nothing', sessionId: 'x' }] },
      'error',
    );
    expect(String(bad.message)).toMatch(/events\.0\.type/);
    const gap = await source.ask(
      {
        type: 'batch',
        first: 5,
        events: [{ type: '@xstate.event', sessionId: 'x:1', eventType: 'A' }],
      },
      'error',
    );
    expect(String(gap.message)).toMatch(/batch starts at event 5, expected 1/);
    source.close();
  });
});

describe('outgoing queues and backpressure', () => {
  function fakeSocket() {
    const sent: string[] = [];
    const callbacks: (() => void)[] = [];
    return {
      sent,
      callbacks,
      readyState: WebSocket.OPEN,
      bufferedAmount: 0,
      send(message: string, callback: () => void) {
        sent.push(message);
        callbacks.push(callback);
      },
    };
  }

  it('numbers messages per client, queues them while the socket is backed up, and sends them in order', () => {
    const socket = fakeSocket();
    const channel = new ClientChannel(socket as unknown as WebSocket, {
      highWaterBytes: 100,
      maxQueueBytes: 150,
    });
    channel.send({ type: 'a' });
    socket.bufferedAmount = 1000;
    for (let i = 0; i < 10; i++) channel.send({ type: 'b', i });
    expect(socket.sent.length).toBe(1);
    expect(channel.full).toBe(true);
    expect(channel.queuedBytes).toBeGreaterThan(150);
    socket.bufferedAmount = 0;
    socket.callbacks[0]?.();
    expect(channel.full).toBe(false);
    expect(channel.queuedBytes).toBe(0);
    const parsed = socket.sent.map((m) => JSON.parse(m) as { seq: number; i?: number });
    expect(parsed.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(parsed.slice(1).map((m) => m.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('lets a newer view supersede one still waiting, so a slow page gets the latest state', () => {
    const socket = fakeSocket();
    const channel = new ClientChannel(socket as unknown as WebSocket, { highWaterBytes: 10 });
    channel.send({ type: 'view', n: 1 }, 'view');
    socket.bufferedAmount = 100;
    channel.send({ type: 'view', n: 2 }, 'view');
    channel.send({ type: 'inspection', n: 3 });
    channel.send({ type: 'view', n: 4 }, 'view');
    socket.bufferedAmount = 0;
    socket.callbacks[0]?.();
    const parsed = socket.sent.map((m) => JSON.parse(m) as { seq: number; n: number });
    expect(parsed).toEqual([
      { seq: 1, type: 'view', n: 1 },
      { seq: 2, type: 'inspection', n: 3 },
      { seq: 3, type: 'view', n: 4 },
    ]);
  });

  it('pauses every program while a page is full, resumes them when it drains, drops a stalled page', () => {
    let now = 0;
    const pressure = new Backpressure(1000, () => now);
    const page = { full: true, peakQueuedBytes: 500, fullFor: () => now };
    let terminated = 0;
    const pages = [{ channel: page, terminate: () => void terminated++ }];
    const log: string[] = [];
    const source = { pause: () => log.push('pause'), resume: () => log.push('resume') };
    pressure.update(pages, [source]);
    pressure.update(pages, [source]);
    expect(log).toEqual(['pause']);
    const late = { pause: () => log.push('late pause'), resume: () => log.push('late resume') };
    pressure.admit(late);
    page.full = false;
    pressure.update(pages, [source, late]);
    expect(log).toEqual(['pause', 'late pause', 'resume', 'late resume']);
    page.full = true;
    now = 5000;
    pressure.update(pages, [source]);
    expect(terminated).toBe(1);
    expect(pressure.pauses).toBe(1);
    expect(pressure.peakQueuedBytes).toBe(500);
  });
});

describe('pillar inspect (command)', () => {
  it('refuses a bad port and an unknown scenario with exit code 2', async () => {
    expect(() => parsePort('80x')).toThrow(InputError);
    expect(() => parsePort('70000')).toThrow(/0 to 65535/);
    expect(parsePort('0')).toBe(0);
    await expect(startInspect('atlantis', { port: '0', host: '127.0.0.1' })).rejects.toBeInstanceOf(
      ScenarioError,
    );
  });

  it('says when the port is in use', async () => {
    await expect(
      startInspect(undefined, { port: String(server.port), host: '127.0.0.1' }),
    ).rejects.toThrow(/port \d+ is in use/);
  });

  it('starts on a scenario with its doctrine, and warns on stderr when bound beyond loopback', async () => {
    const { server: local } = await startInspect('sierra-leone', {
      port: '0',
      host: '127.0.0.1',
      doctrine: 'adopted-2019',
    });
    const view = local.session.getView();
    expect(view.country).toBe(sierraLeone.scenario.country);
    expect(view.doctrine).toBe('adopted-2019');
    const svg = await (await fetch(new URL('statechart.svg', local.url))).text();
    expect(svg).toContain('country.peacekeeping.startUp');
    await local.close();

    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string) => {
      written.push(chunk);
      return true;
    };
    let lines: string[] = [];
    try {
      const { server: open } = await startInspect(undefined, {
        port: '0',
        host: '0.0.0.0',
        allowRemote: true,
      });
      lines = startupLines(open, null);
      await open.close();
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toMatch(/warning: listening on 0\.0\.0\.0/);
    // It says where it is bound, and gives the loopback URL to open as well.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pillar inspect: listening on all interfaces \(0\.0\.0\.0, IPv4\) port \d+; on this machine open http:\/\/127\.0\.0\.1:\d+\//,
    );
  });

  it('describes a wildcard address as such, and any other by its URL', () => {
    expect(describeListening('127.0.0.1', 4173, 'http://127.0.0.1:4173/')).toBe(
      'http://127.0.0.1:4173/',
    );
    expect(describeListening('::', 4173, 'http://[::1]:4173/')).toBe(
      'listening on all interfaces (::, IPv6 and, on most systems, IPv4) port 4173; on this machine open http://[::1]:4173/',
    );
  });
});

/** A TCP listener on 127.0.0.1 at any free port, to make a port busy. */
async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const blocker = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return {
    port: (blocker.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => blocker.close(() => resolve())),
  };
}

describe('pillar inspect --stately (the local bridge only; never the hosted UI)', () => {
  it('says which port is taken when --port + 1 is in use: exit code 2, no stack trace', async () => {
    const blocker = await occupyPort();
    try {
      const error = await startInspect(undefined, {
        port: String(blocker.port - 1),
        host: '127.0.0.1',
        stately: true,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode).toBe(2);
      expect((error as Error).message).toBe(
        `port ${blocker.port} for the Stately bridge is in use; pick another --port (the bridge takes --port + 1), or --port 0 for any free ports`,
      );
    } finally {
      await blocker.close();
    }
  });

  it('refuses --port 65535, which leaves the bridge no port', async () => {
    await expect(
      startInspect(undefined, { port: '65535', host: '127.0.0.1', stately: true }),
    ).rejects.toThrow(/--port 65535 leaves no port for the Stately bridge .*65536/);
  });

  it('reports a busy port of the bridge itself as an error with its code, not a crash', async () => {
    const blocker = await occupyPort();
    try {
      await expect(
        createStatelyBridge({ port: blocker.port, host: '127.0.0.1' }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await blocker.close();
    }
  });

  it('binds to the host it is given, and relays a Node actor\u2019s events to its page', async () => {
    // 127.0.0.2 is loopback too on Linux: a bridge bound there does not answer on 127.0.0.1.
    const bridge = await createStatelyBridge({ port: 0, host: '127.0.0.2' });
    try {
      expect(bridge.url).toBe(`http://127.0.0.2:${bridge.port}/?token=${bridge.token}`);
      await expect(fetch(`http://127.0.0.1:${bridge.port}/`)).rejects.toThrow();
      const page = await (await fetch(bridge.url)).text();
      expect(await upgradeStatus(`ws://127.0.0.2:${bridge.port}/`, {})).toBe(401);
      expect(page).toContain('<iframe id="inspector" src="https://stately.ai/inspect">');
      const foreignHost = await new Promise<number>((resolve, reject) => {
        request(
          { host: '127.0.0.2', port: bridge.port, path: '/', headers: { Host: 'evil.example' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
          .on('error', reject)
          .end();
      });
      expect(foreignHost).toBe(421);
      expect(
        await upgradeStatus(`ws://127.0.0.2:${bridge.port}/`, { Origin: 'http://evil.example' }),
      ).toBe(403);
      const ws = new WebSocket(`ws://127.0.0.2:${bridge.port}/?token=${bridge.token}`);
      const received: { type: string }[] = [];
      ws.on('message', (data) =>
        received.push(JSON.parse((data as Buffer).toString('utf8')) as { type: string }),
      );
      await new Promise((resolve) => ws.once('open', resolve));
      const actor = createActor(countryMachine, {
        input: { country: 'Testland', region: 'europe-central-asia-americas', month: '2001-01' },
        inspect: bridge.inspect,
      });
      actor.start();
      actor.stop();
      await expect.poll(() => received.map((e) => e.type)).toContain('@xstate.snapshot');
      expect(received.map((e) => e.type)).toContain('@xstate.actor');
      ws.close();
    } finally {
      bridge.stop();
    }
  });
});
