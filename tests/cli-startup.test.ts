/**
 * CLI start-up: commands load only when they run (`pillar --version` loads none), and resources
 * are found from the package root. Timings live in bench/startup.ts, never here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, createProgram, getNeededCommands } from '../src/cli/program.ts';
import { getPackageRoot, getPackageVersion, getResourcePath } from '../src/package-root.ts';
import { ROOT } from './support/cli.ts';

const ALL = Object.keys(COMMANDS);

describe('which commands a command line loads', () => {
  it('loads none for --version alone', () => {
    expect(getNeededCommands(['--version'])).toEqual([]);
    expect(getNeededCommands(['-V'])).toEqual([]);
  });

  it('loads only the command it names, options before or after', () => {
    expect(getNeededCommands(['replay', 'sierra-leone', '--format', 'json'])).toEqual(['replay']);
    expect(getNeededCommands(['--no-color', 'verify'])).toEqual(['verify']);
    for (const name of ALL) expect(getNeededCommands([name, '--help'])).toEqual([name]);
  });

  it('loads them all for the help listing, help <command> and a mistyped command', () => {
    expect(getNeededCommands([])).toEqual(ALL);
    expect(getNeededCommands(['--help'])).toEqual(ALL);
    expect(getNeededCommands(['help', 'replay'])).toEqual(ALL);
    expect(getNeededCommands(['replya'])).toEqual(ALL);
  });

  it('registers exactly the loaded commands', async () => {
    expect((await createProgram(['--version'])).commands).toEqual([]);
    const one = await createProgram(['compare', 'nepal']);
    expect(one.commands.map((c) => c.name())).toEqual(['compare']);
    const all = await createProgram();
    expect(all.commands.map((c) => c.name())).toEqual(ALL);
  });

  it('imports no command module statically', () => {
    const source = readFileSync(join(ROOT, 'src', 'cli', 'program.ts'), 'utf8');
    expect(source).not.toMatch(/^import .*commands\//m);
  });
});

describe('the package root', () => {
  it('is the folder of package.json, whatever the working directory', () => {
    expect(getPackageRoot()).toBe(ROOT.replace(/\/$/, ''));
    expect(getResourcePath('scenarios', 'nepal.yaml')).toBe(join(ROOT, 'scenarios', 'nepal.yaml'));
  });

  it('gives the version pillar --version prints', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(getPackageVersion()).toBe(manifest.version);
  });
});
