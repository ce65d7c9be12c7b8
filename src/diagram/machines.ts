/**
 * The machines `pillar diagram` can draw, by name. Each is imported when asked for, so a machine
 * whose file is missing or broken gives a clear error instead of breaking the others.
 */
import type { AnyStateMachine } from 'xstate';
import { InputError } from '../io/errors.ts';

/**
 * The machines of the project, each with its loader (an import with a literal path, so it
 * resolves the same from the sources and from the built JavaScript) and exported name.
 */
export const MACHINE_SOURCES = {
  country: { load: () => import('../../machines/country.ts'), exportName: 'countryMachine' },
  pillar: { load: () => import('../../machines/pillar.ts'), exportName: 'pillarMachine' },
  restructuring: {
    load: () => import('../../machines/restructuring.ts'),
    exportName: 'restructuringMachine',
  },
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
 * its module fails to load, or it does not export the machine.
 */
export async function getMachine(name: string): Promise<AnyStateMachine> {
  if (!isMachineName(name)) {
    throw new InputError(`unknown machine '${name}': expected one of ${MACHINE_NAMES.join(', ')}`);
  }
  const { load, exportName } = MACHINE_SOURCES[name];
  let loaded: Record<string, unknown>;
  try {
    loaded = await load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`machine '${name}' is not available: it failed to load: ${reason}`);
  }
  const machine = loaded[exportName];
  if (!isMachine(machine)) {
    throw new InputError(`machine '${name}' is not available: it does not export ${exportName}`);
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
