/**
 * `pillar inspect [<id-or-file>]`: starts the live local inspector (a server and its page, fully
 * offline) and prints its URL; runs until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { Option, type Command } from 'commander';
import type { InspectionEvent } from 'xstate';
import { DOCTRINES, type Doctrine } from '../../domain/index.ts';
import { resolveScenario } from '../../scenario/catalog.ts';
import { createStatelyBridge, type StatelyBridge } from '../../inspect/bridge.ts';
import {
  isLoopbackHost,
  startInspectorServer,
  type InspectorServer,
} from '../../inspect/server.ts';
import { renderStatechart } from '../../inspect/statechart.ts';
import { InputError } from '../shared.ts';

export interface InspectOptions {
  port: string;
  host: string;
  doctrine?: Doctrine;
  open?: boolean;
  stately?: boolean;
}

/** Parses `--port`: an integer 0..65535 (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new InputError(
      `--port must be a whole number from 0 to 65535 (got ${JSON.stringify(value)})`,
    );
  }
  return port;
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
  const host = options.host.trim();
  if (host === '') throw new InputError('--host must name an interface, e.g. 127.0.0.1');
  const bundled = idOrFile === undefined ? null : resolveScenario(idOrFile);
  const doctrine = options.doctrine ?? bundled?.scenario.doctrine;
  let stately: StatelyBridge | null = null;
  if (options.stately) {
    try {
      stately = await createStatelyBridge(port === 0 ? 4174 : port + 1);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
  }
  const bridge = stately;
  const statechartSvg = await renderStatechart(doctrine);
  let server: InspectorServer;
  try {
    server = await startInspectorServer({
      port,
      host,
      statechartSvg,
      scenario: bundled === null ? null : { id: bundled.id, scenario: bundled.scenario },
      ...(doctrine === undefined ? {} : { doctrine }),
      ...(bridge === null
        ? {}
        : { onInspection: (event: InspectionEvent) => bridge.inspect(event) }),
    });
  } catch (error) {
    bridge?.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new InputError(
        `port ${port} is in use; choose another with --port, or --port 0 for any free port`,
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new InputError(`cannot listen on ${host}:${port} (${code})`);
    }
    throw error;
  }
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `pillar inspect: warning: listening on ${host}, not only on this machine; anyone who can reach it can drive the session\n`,
    );
  }
  return { server, stately };
}

/** Runs `pillar inspect` until SIGINT or SIGTERM. */
export async function runInspect(
  idOrFile: string | undefined,
  options: InspectOptions,
): Promise<void> {
  const { server, stately } = await startInspect(idOrFile, options);
  process.stdout.write(`pillar inspect: ${server.url}  (Ctrl-C to stop)\n`);
  if (stately !== null) {
    process.stdout.write(
      `pillar inspect: Stately inspector bridge at ${stately.url} (needs network)\n`,
    );
  }
  if (options.open) openBrowser(server.url);
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
      'interface to bind (anything but loopback is warned about)',
      '127.0.0.1',
    )
    .addOption(new Option('-d, --doctrine <doctrine>', 'lead doctrine').choices(DOCTRINES))
    .option('--open', 'open the page in the default browser')
    .option('--stately', 'also send inspection events to the Stately inspector (online; see docs)')
    .addHelpText(
      'after',
      `
Examples:
  $ pillar inspect
  $ pillar inspect sierra-leone --open
  $ pillar inspect scenarios/liberia.yaml --port 0 --doctrine adopted-2019`,
    )
    .action((idOrFile: string | undefined, options: InspectOptions) =>
      runInspect(idOrFile, options),
    );
}
