/**
 * The package as a user gets it: `npm pack` (which builds dist/), the tarball unpacked into a
 * temporary project outside the repository with only the dependencies and peers it declares
 * (linked from this checkout's node_modules, so no network; tsx is not among them), then
 * (a) plain node imports `.` and every subpath and replays a bundled scenario, (b) a consumer's
 * `tsc --noEmit` with `module: nodenext` and `strict` type-checks a file using every subpath,
 * (c) the installed `pillar` runs, (d) the tarball holds no test, bench or CI file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';
import { resolveScenario } from '../src/scenario/catalog.ts';
import { readPrebuiltScenarios } from '../src/scenario/prebuilt.ts';
import { formatTimelines } from '../src/simulate/format.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { getReadmeBlock } from './support/readme.ts';

interface PackedFile {
  path: string;
}
interface Manifest {
  name: string;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let project: string;
let files: string[];
let manifest: Manifest;

/** Links a package of this checkout's node_modules into the consumer's node_modules. */
function linkDependency(name: string): void {
  const target = join(project, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
}

function run(command: string, args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_OPTIONS; // vitest's own loaders stay out of the consumer's process
  return spawnSync(command, args, { cwd: project, env, encoding: 'utf8', timeout: 300_000 });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pillar-consumer-'));
  // `npm pack` runs `prepare`, which builds dist/ from the current sources.
  const packed = JSON.parse(
    execFileSync(NPM, ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  ) as { filename: string; files: PackedFile[] }[];
  const tarball = join(work, packed[0]?.filename ?? '');
  files = (packed[0]?.files ?? []).map((f) => f.path);

  project = join(work, 'consumer');
  const installed = join(project, 'node_modules', 'pillar-transitions');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    linkDependency(name);
  }
  // The consumer's own tooling: TypeScript and Node's types.
  linkDependency('typescript');
  linkDependency('@types/node');
  mkdirSync(join(project, 'node_modules', '.bin'));
  for (const [command, file] of Object.entries(manifest.bin)) {
    symlinkSync(
      join('..', 'pillar-transitions', file),
      join(project, 'node_modules', '.bin', command),
    );
  }
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: { module: 'nodenext', strict: true, noEmit: true } },
      null,
      2,
    ),
  );
  for (const file of ['smoke.mjs', 'consumer.ts']) {
    copyFileSync(join(ROOT, 'tests', 'fixtures', 'consumer', file), join(project, file));
  }
  // The README's library examples, as a user would paste them.
  for (const name of ['library-replay', 'library-property']) {
    writeFileSync(join(project, `readme-${name}.ts`), getReadmeBlock('example', name).code);
  }
}, 300_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed in a project of its own', () => {
  it('holds no test, bench or CI file, and no TypeScript source', () => {
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('scenarios/sierra-leone.yaml');
    const unwanted = files.filter(
      (f) =>
        /^(tests|bench|\.ci|scripts|docs|reports|coverage)\//.test(f) ||
        /\.test\.|\.png$/.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unwanted).toEqual([]);
  });

  it('does not carry tsx: not a dependency, not in the consumer', () => {
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('tsx');
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('esbuild');
    const probe = run(process.execPath, [
      '-e',
      "import('tsx').then(() => process.exit(3), () => process.exit(0))",
    ]);
    expect(probe.status).toBe(0);
  });

  it('(a) plain node imports `.` and every subpath and replays a bundled scenario', () => {
    const result = run(process.execPath, ['smoke.mjs']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { subpaths: string[]; periods: number };
    expect(report.subpaths).toEqual(
      Object.keys(manifest.exports).filter((k) => k !== './package.json'),
    );
    expect(report.subpaths).toEqual(
      expect.arrayContaining([
        '.',
        './machines',
        './scenario',
        './simulate',
        './verify',
        './inspect',
        './diagram',
        './testing',
      ]),
    );
    expect(report.periods).toBeGreaterThan(5);
  });

  it('(b) a consumer tsc with module nodenext and strict type-checks every subpath and the README examples', () => {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 300_000);

  it('(c) the installed pillar prints its version and replays sierra-leone as JSON', () => {
    const bin = join(project, 'node_modules', '.bin', 'pillar');
    const version = run(bin, ['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const replay = run(bin, ['replay', 'sierra-leone', '--format', 'json']);
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(0);
    const timeline = JSON.parse(replay.stdout) as { country: string; periods: unknown[] };
    expect(timeline.country).toBe('Sierra Leone');
    expect(timeline.periods.length).toBeGreaterThan(5);
    // The installed package takes bundled ids from its build-time catalogue (it matches the
    // installed files), and prints what the sources print from the YAML file.
    const installed = join(project, 'node_modules', 'pillar-transitions');
    expect(
      readPrebuiltScenarios(
        join(installed, 'dist', 'scenarios.json'),
        join(installed, 'scenarios'),
      )?.map((e) => e.id),
    ).toContain('sierra-leone');
    const { scenario } = resolveScenario('sierra-leone');
    const fromSources = replayScenario(scenario, { doctrine: scenario.doctrine ?? 'historical' });
    expect(replay.stdout).toBe(
      formatTimelines([fromSources], 'json', { color: false, asArray: false }),
    );
  });

  it('(c) the installed pillar runs Monte Carlo worker threads from the built JavaScript', () => {
    const bin = join(project, 'node_modules', '.bin', 'pillar');
    const args = [
      'simulate',
      '--countries',
      '40',
      '--years',
      '2',
      '--seed',
      '3',
      '--format',
      'json',
    ];
    const two = run(bin, [...args, '--workers', '2']);
    expect(two.stderr).not.toMatch(/error|tsx/i);
    expect(two.status).toBe(0);
    const one = run(bin, [...args, '--workers', '1']);
    expect(one.status).toBe(0);
    // The same seed gives the same summary whatever the number of workers.
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
  }, 300_000);
});
