/**
 * `npx tsx bench/inspect.ts [pages]`: the inspector under the attacks of issue 14, as counts
 * (and, for information, the wall time and memory of this one run): a 20,000-deep message to
 * `/ws/source`, and 20 events sent by one page while `pages` pages (default 200) watch. Counts of
 * view builds are what matter: before the shared view, every event built one view per page.
 */
import { WebSocket } from 'ws';
import { startInspectorServer } from '../src/inspect/server.ts';

const PAGES = Number(process.argv[2] ?? 200);
const EVENTS = 20;

const server = await startInspectorServer({ port: 0, maxClients: PAGES + 10 });
const open = (path: string, origin: boolean): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}?token=${server.token}`, {
      headers: origin ? { Origin: `http://127.0.0.1:${server.port}` } : {},
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

try {
  const program = await open('/ws/source', false);
  const deep = `${'['.repeat(20_000)}null${']'.repeat(20_000)}`;
  const raw = `{"type":"batch","first":1,"events":[{"type":"@xstate.snapshot","sessionId":"x","value":${deep}}]}`;
  const reply = new Promise<string>((resolve) =>
    program.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      if (text.includes('"error"')) resolve(text);
    }),
  );
  program.send(raw);
  console.log(`deep message (${raw.length} bytes): ${await reply}`);
  program.terminate();

  const pages: WebSocket[] = [];
  for (let i = 0; i < PAGES; i++) pages.push(await open('/ws', true));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const driver = pages[0] as WebSocket;
  const before = server.stats().viewBuilds;
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  let results = 0;
  const done = new Promise<void>((resolve) =>
    driver.on('message', (data) => {
      if ((data as Buffer).toString('utf8').includes('"type":"result"') && ++results === EVENTS)
        resolve();
    }),
  );
  for (let i = 0; i < EVENTS; i++) {
    driver.send(
      JSON.stringify({
        type: 'event',
        event: { type: 'WITHDRAW', month: '2020-02', presence: `N${i}` },
      }),
    );
  }
  await done;
  await new Promise((resolve) => setImmediate(resolve));
  const stats = server.stats();
  console.log(
    `${PAGES} pages, ${EVENTS} events: ${stats.viewBuilds - before} view builds (one per page per event would be ${PAGES * EVENTS}); ${Math.round(performance.now() - started)} ms, rss +${Math.round((process.memoryUsage().rss - rss) / 1048576)} MiB; internal errors ${stats.internalErrors}`,
  );
  for (const page of pages) page.terminate();

  // A flood of 1,000 events from one page, then one event from another: how many of the flood
  // had been handled when the other's event was (its view's `refused` count, minus its own).
  const flooder = await open('/ws', true);
  const other = await open('/ws', true);
  const FLOOD = 1000;
  const withdraw = (presence: string): string =>
    JSON.stringify({ type: 'event', event: { type: 'WITHDRAW', month: '2020-02', presence } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const refusedBefore = server.session.getView().refused;
  let sawResult = false;
  const probe = new Promise<number>((resolve) =>
    other.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString('utf8')) as {
        type: string;
        view?: { refused: number };
      };
      if (m.type === 'result') sawResult = true;
      else if (m.type === 'view' && sawResult && m.view) resolve(m.view.refused);
    }),
  );
  const floodStarted = performance.now();
  for (let i = 0; i < FLOOD; i++) flooder.send(withdraw(`FLOOD${i}`));
  other.send(withdraw('PROBE'));
  const refusedAtProbe = await probe;
  console.log(
    `flood of ${FLOOD} from one page: the other page's event was handled after ${refusedAtProbe - refusedBefore - 1} of them, ${Math.round(performance.now() - floodStarted)} ms after the flood began`,
  );
  flooder.terminate();
  other.terminate();
} finally {
  await server.close();
}
