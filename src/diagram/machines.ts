/**
 * The machines `pillar diagram` can draw, by name. Each is imported when asked for, so a machine
 * whose file is missing or broken gives a clear error instead of breaking the others.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyStateMachine } from 'xstate';
import { InputError } from '../cli/shared.ts';

/** The machines of the project, each with its module and exported name. */
export const MACHINE_SOURCES = {
  country: { module: '../../machines/country.ts', exportName: 'countryMachine' },
  pillar: { module: '../../machines/pillar.ts', exportName: 'pillarMachine' },
  restructuring: { module: '../../machines/restructuring.ts', exportName: 'restructuringMachine' },
} as const;

export type MachineName = keyof typeof MACHINE_SOURCES;
export const MACHINE_NAMES = Object.keys(MACHINE_SOURCES) as MachineName[];

/** Whether `name` is one of {@link MACHINE_NAMES}. */
export function isMachineName(name: string): name is MachineName {
  return Object.hasOwn(MACHINE_SOURCES, name);
}

function isMachine(value: unknown): value is AnyStateMachine {
  return (
    typeof value === 'object' &&
    value !== null &&
    'root' in value &&
    'id' in value &&
    typeof (value as { root: unknown }).root === 'object'
  );
}

/**
 * The machine called `name`. Throws an InputError naming the machine when the name is unknown,
 * its file does not exist yet, it fails to load, or it does not export the machine.
 */
export async function getMachine(name: string): Promise<AnyStateMachine> {
  if (!isMachineName(name)) {
    throw new InputError(`unknown machine '${name}': expected one of ${MACHINE_NAMES.join(', ')}`);
  }
  const { module, exportName } = MACHINE_SOURCES[name];
  const url = new URL(module, import.meta.url);
  const file = fileURLToPath(url);
  if (!existsSync(file)) {
    throw new InputError(`machine '${name}' is not available (${file} does not exist)`);
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`machine '${name}' is not available: ${file} failed to load: ${reason}`);
  }
  const machine = loaded[exportName];
  if (!isMachine(machine)) {
    throw new InputError(
      `machine '${name}' is not available: ${file} does not export ${exportName}`,
    );
  }
  return machine;
}

/** The names of the machines that load now, in {@link MACHINE_NAMES} order. */
export async function availableMachines(): Promise<MachineName[]> {
  const results = await Promise.all(
    MACHINE_NAMES.map((name) =>
      getMachine(name).then(
        () => true,
        () => false,
      ),
    ),
  );
  return MACHINE_NAMES.filter((_, i) => results[i] === true);
}
