/**
 * `pillar inspect [<id-or-file>]`: starts the live local inspector (a server and its page, fully
 * offline) and prints its URL; runs until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { InspectionEvent } from 'xstate';
import type { Doctrine } from '../../domain/index.ts';
import { BundledScenarios } from '../../scenario/bundled.ts';
import { DEFAULT_DOCTRINE } from '../../domain/index.ts';
import {
  STATELY_INSPECTOR_URL,
  createStatelyBridge,
  type StatelyBridge,
} from '../../inspect/bridge.ts';
import {
  isLoopbackHost,
  startInspectorServer,
  type InspectorServer,
  type InspectorServerOptions,
} from '../../inspect/server.ts';
import { parseByteCount } from '../../io/read.ts';
import { InputError, doctrineOption } from '../shared.ts';

export interface InspectOptions {
  port: string;
  host: string;
  doctrine?: Doctrine;
  open?: boolean;
  stately?: boolean;
  /** `--machine`: the view the page opens with: country (default) or pillar (the actor system). */
  machine?: string;
  /** Required with a --host that is not loopback. */
  allowRemote?: boolean;
  /** Most WebSocket connections at once (pages and programs). */
  maxClients?: string;
  /** Messages handled per second per client (bursts of twice as many). */
  rate?: string;
  /** Most messages waiting per client before the oldest are dropped. */
  maxQueued?: string;
  /** Outgoing bytes queued per client at which it counts as full (`k`, `M` suffixes). */
  maxQueueBytes?: string;
}

/** A whole number from `min` to `max` for `flag`, or exit code 2 naming the flag. */
function parseWhole(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new InputError(
      `${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

/**
 * The inspector's limits the command line sets (`--max-clients`, `--rate`, `--max-queued`,
 * `--max-queue-bytes`), as `startInspectorServer` options; what is not given keeps its default.
 */
export function getInspectorLimits(
  options: Pick<InspectOptions, 'maxClients' | 'rate' | 'maxQueued' | 'maxQueueBytes'>,
): Pick<InspectorServerOptions, 'maxClients' | 'pageRate' | 'sourceRate' | 'inbox' | 'channel'> {
  const limits: Pick<
    InspectorServerOptions,
    'maxClients' | 'pageRate' | 'sourceRate' | 'inbox' | 'channel'
  > = {};
  if (options.maxClients !== undefined) limits.maxClients = parseMaxClients(options.maxClients);
  if (options.rate !== undefined) {
    const perSecond = parseWhole('--rate', options.rate, 1, 100_000);
    limits.pageRate = { perSecond, burst: 2 * perSecond };
    limits.sourceRate = { perSecond, burst: 2 * perSecond };
  }
  if (options.maxQueued !== undefined) {
    limits.inbox = { maxQueued: parseWhole('--max-queued', options.maxQueued, 1, 1_000_000) };
  }
  if (options.maxQueueBytes !== undefined) {
    const bytes = parseByteCount(options.maxQueueBytes);
    if (bytes === undefined || bytes < 64 * 1024 || bytes > 1024 ** 3) {
      throw new InputError(
        `--max-queue-bytes must be a size from 64k to 1G, e.g. 8M (got ${JSON.stringify(options.maxQueueBytes)})`,
      );
    }
    limits.channel = { maxQueueBytes: bytes };
  }
  return limits;
}

/** Parses `--max-clients`: a whole number from 1 to 10000. */
export function parseMaxClients(value: string): number {
  return parseWhole('--max-clients', value, 1, 10_000);
}

/** Parses `--port`: an integer 0..65535 (0 = any free port). */
export function parsePort(value: string): number {
  return parseWhole('--port', value, 0, 65535);
}

/**
 * The InputError for an error of listening on `host:port` (`what` names the server in the
 * message, e.g. " for the Stately bridge"); other errors are returned as they are.
 */
function listenError(error: unknown, host: string, port: number, what: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return new InputError(
      what === ''
        ? `port ${port} is in use; choose another with --port, or --port 0 for any free port`
        : `port ${port}${what} is in use; pick another --port (the bridge takes --port + 1), or --port 0 for any free ports`,
    );
  }
  if (code === 'EACCES') {
    return new InputError(
      `cannot listen on ${host}:${port}${what}: permission denied (EACCES); ports below 1024 need privileges`,
    );
  }
  if (typeof code === 'string') {
    return new InputError(`cannot listen on ${host}:${port}${what} (${code})`);
  }
  return error;
}

/**
 * Starts the Stately bridge on the inspector's host and port + 1 (any free port with --port 0).
 * @throws InputError when that port is out of range or taken, or the package is missing.
 */
async function startBridge(host: string, port: number, token: string): Promise<StatelyBridge> {
  const bridgePort = port === 0 ? 0 : port + 1;
  if (bridgePort > 65535) {
    throw new InputError(
      `--port ${port} leaves no port for the Stately bridge (it takes --port + 1 = ${bridgePort}, above 65535); pick a lower --port`,
    );
  }
  try {
    return await createStatelyBridge({ port: bridgePort, host, token });
  } catch (error) {
    const converted = listenError(error, host, bridgePort, ' for the Stately bridge');
    throw converted === error ? new InputError((error as Error).message) : converted;
  }
}

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () =>
      process.stderr.write(`pillar inspect: could not open a browser; visit ${url}\n`),
    );
    child.unref();
  } catch {
    process.stderr.write(`pillar inspect: could not open a browser; visit ${url}\n`);
  }
}

/**
 * Starts the inspector as the command line asks and returns it running (tests stop it with
 * `close()`); `stately` is the bridge when `--stately` was given.
 */
export async function startInspect(
  idOrFile: string | undefined,
  options: InspectOptions,
): Promise<{ server: InspectorServer; stately: StatelyBridge | null }> {
  const port = parsePort(options.port);
  const limits = getInspectorLimits(options);
  const host = options.host.trim();
  if (host === '') throw new InputError('--host must name an interface, e.g. 127.0.0.1');
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new InputError(
      `--host ${host} is not loopback: other machines could reach the inspector; add --allow-remote if that is what you want (the session's token is still required, and the Host header must name this machine)`,
    );
  }
  const scenarios = new BundledScenarios();
  const bundled = idOrFile === undefined ? null : await scenarios.resolve(idOrFile);
  const doctrine = options.doctrine ?? bundled?.scenario.doctrine;
  // One token for the session, the inspector's and the bridge's.
  const token = randomBytes(24).toString('base64url');
  const stately = options.stately ? await startBridge(host, port, token) : null;
  const bridge = stately;
  const machine = options.machine ?? 'country';
  if (machine !== 'country' && machine !== 'pillar') {
    throw new InputError(`--machine must be country or pillar (got ${JSON.stringify(machine)})`);
  }
  // The statechart's layout (ELK) and the pillar view take about a second: made once the server
  // listens, so the address is printed first; the page's requests for them wait.
  const failed = (what: string) => (error: unknown) => {
    process.stderr.write(
      `pillar inspect: the ${what} could not be made (${error instanceof Error ? error.message : String(error)}); the rest of the page works\n`,
    );
    throw error;
  };
  const statechartSvg = () =>
    import('../../inspect/statechart.ts')
      .then((m) => m.renderStatechart(doctrine))
      .catch(failed('statechart'));
  const extraFiles = () =>
    Promise.all([import('../../inspect/pillar-view.ts'), scenarios.all()])
      .then(([m, all]) => m.pillarFiles(all, doctrine ?? DEFAULT_DOCTRINE))
      .catch(failed('pillar view'));
  let server: InspectorServer;
  try {
    server = await startInspectorServer({
      port,
      host,
      allowRemote: options.allowRemote === true,
      token,
      ...limits,
      statechartSvg,
      extraFiles,
      scenario: bundled === null ? null : { id: bundled.id, scenario: bundled.scenario },
      ...(doctrine === undefined ? {} : { doctrine }),
      ...(bridge === null
        ? {}
        : { onInspection: (event: InspectionEvent) => bridge.inspect(event) }),
    });
  } catch (error) {
    bridge?.stop();
    throw listenError(error, host, port, '');
  }
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `pillar inspect: warning: listening on ${host}, not only on this machine; anyone who can reach it and has the URL with its token can drive the session\n`,
    );
  }
  return { server, stately };
}

/** Whether `host` is a wildcard address: every interface of this machine. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * Where a server listens, in words: its URL, or for a wildcard host, that it listens on every
 * interface and the loopback URL to open on this machine.
 */
export function describeListening(host: string, port: number, url: string): string {
  if (!isWildcardHost(host)) return url;
  const family = host === '0.0.0.0' ? 'IPv4' : 'IPv6 and, on most systems, IPv4';
  return `listening on all interfaces (${host}, ${family}) port ${port}; on this machine open ${url}`;
}

/** The lines `pillar inspect` prints once it listens. */
export function startupLines(server: InspectorServer, stately: StatelyBridge | null): string[] {
  const lines = [
    `pillar inspect: ${describeListening(server.host, server.port, server.url)}  (Ctrl-C to stop)`,
  ];
  if (stately !== null) {
    lines.push(
      `pillar inspect: Stately inspector bridge: ${describeListening(stately.host, stately.port, stately.url)}  (the page needs network: it embeds ${STATELY_INSPECTOR_URL})`,
    );
  }
  return lines;
}

/** Runs `pillar inspect` until SIGINT or SIGTERM. */
export async function runInspect(
  idOrFile: string | undefined,
  options: InspectOptions,
): Promise<void> {
  const { server, stately } = await startInspect(idOrFile, options);
  const pillarView = options.machine === 'pillar';
  const lines = startupLines(server, stately);
  if (pillarView) lines.push(`pillar inspect: the pillar's actor system: ${server.url}#pillar`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.open) openBrowser(pillarView ? `${server.url}#pillar` : server.url);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stately?.stop();
  await server.close();
}

/** Adds `pillar inspect` to the program. */
export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .summary('the live local inspector: statechart, context, events, timeline, messages')
    .description(
      'Start a local server and page (fully offline) to watch and drive the country machine: the statechart with the active states, the lead and informed departments, the regional ASG team, the invariants, the events the state takes (and why others are refused), a month-by-month timeline for a scenario, and the messages between the regional ASG team, the USGs and the SPG. Node programs can attach their own actors (see docs/inspector.md).',
    )
    .argument(
      '[id-or-file]',
      'a bundled scenario id (see pillar list) or a YAML/JSON scenario file',
    )
    .option('-p, --port <port>', 'port to listen on; 0 = any free port', '4173')
    .option(
      '--host <host>',
      'interface to bind, for the page and the Stately bridge (anything but loopback needs --allow-remote; 0.0.0.0 or :: = all interfaces)',
      '127.0.0.1',
    )
    .option(
      '--allow-remote',
      'allow a --host that is not loopback (the token is still required; the Host header must name this machine)',
    )
    .option(
      '--max-clients <n>',
      'most WebSocket connections at once, pages and programs together (default 64); more are refused with 503',
    )
    .option(
      '--rate <n>',
      'messages handled per second per client, in bursts of twice as many (default 200); the rest wait their turn',
    )
    .option(
      '--max-queued <n>',
      'most messages waiting per client (default 256); beyond, the oldest are dropped and counted',
    )
    .option(
      '--max-queue-bytes <size>',
      'outgoing bytes queued per client at which it counts as full, e.g. 8M (default 2M; hard bound 4 times as much)',
    )
    .addOption(doctrineOption("lead doctrine; wins over the file's own"))
    .option('--open', 'open the page in the default browser')
    .option(
      '--machine <machine>',
      'the view the page opens with: country (the statechart of one country) or pillar (the pillar actor with a country actor for every bundled scenario)',
      'country',
    )
    .option(
      '--stately',
      'also send inspection events to the hosted Stately inspector: a bridge page on --host, port --port + 1 (any free port with --port 0), that needs network (see docs/inspector.md)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ pillar inspect
  $ pillar inspect sierra-leone --open
  $ pillar inspect scenarios/liberia.yaml --port 0 --doctrine adopted-2019
  $ pillar inspect sierra-leone --stately          # bridge on 127.0.0.1:4174

The printed URL carries the session's token (?token=...): every WebSocket needs it, so open that
URL, and give it to createInspectorSink({ url }) in programs.

Exit codes: 2 for bad input (unknown scenario, invalid file, bad or busy port, a --host that is not
loopback without --allow-remote); otherwise it runs until Ctrl-C and exits 0.`,
    )
    .action((idOrFile: string | undefined, options: InspectOptions) =>
      runInspect(idOrFile, options),
    );
}
