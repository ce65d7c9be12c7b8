/**
 * Restoring a persisted country snapshot (`actor.getPersistedSnapshot()`, for example read back
 * from JSON) only after checking it: the shape of the context against a schema, the state value
 * against the machine's states, the regional team against the one the machine gives the country,
 * and every state invariant. A bad snapshot is refused with a reason instead of crashing an
 * actor later or being accepted silently.
 */
import { createActor, type Actor } from 'xstate';
import { z } from 'zod';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import { PHASES, type CountryContext } from '../../machines/country-types.ts';
import { reviveCountryContext } from '../../machines/country-logic.ts';
import {
  BACKSTOPS,
  DEPARTMENTS,
  DOCTRINES,
  ORPHAN_CAUSES,
  TASKS,
  TRANSITION_CAUSES,
  PRESENCE_KINDS,
  REGIONS,
  SERVICES,
  isMonth,
} from '../domain/index.ts';
import { INVARIANTS, type Invariant } from '../invariants/catalogue.ts';
import { checkState } from '../invariants/check.ts';
import { isDeepEqual } from '../invariants/equal.ts';
import { compileCountryMachine } from '../kernel/compile.ts';
import { describeError } from '../kernel/event.ts';

const month = z.string().refine(isMonth, 'must be a month YYYY-MM');
const department = z.enum(DEPARTMENTS);
const text = z.string();
const task = z.enum(TASKS);
const receiver = z.string().min(1);
const receivers = z.partialRecord(task, receiver);

/** The country context, field by field (what `CountryContext` says, checked at run time). */
export const countryContextSchema = z.object({
  country: z.string().min(1),
  region: z.enum(REGIONS),
  doctrine: z.enum(DOCTRINES),
  team: z.object({ id: z.string(), region: z.enum(REGIONS), asg: z.string() }),
  teamTailoring: z.enum(['mission', 'non-mission']),
  month: month.nullable(),
  presences: z.array(
    z.object({
      name: z.string().min(1),
      kind: z.enum(PRESENCE_KINDS),
      since: z.string(),
      mandate: text.optional(),
      backstop: z.enum(BACKSTOPS).optional(),
      finalMandate: z.boolean().optional(),
      tasks: z.array(task).optional(),
      plan: z.object({ month: month.nullable(), gender: z.boolean(), receivers }).optional(),
      exitCause: z.enum(TRANSITION_CAUSES).optional(),
    }),
  ),
  lead: department,
  informed: department,
  outgoing: z.array(z.string()),
  transitionCause: z.enum(TRANSITION_CAUSES).nullable(),
  caseFile: z.array(
    z.object({ seq: z.number().int(), month: month.nullable(), event: text, text }),
  ),
  handovers: z.array(z.object({ from: department, to: department, month: month.nullable() })),
  notices: z.array(
    z.object({
      to: department,
      month: month.nullable(),
      subject: z.enum(['phase', 'presence', 'lead']),
      text,
    }),
  ),
  informedOf: z.object({
    phase: z.enum(PHASES),
    presences: z.array(z.string()),
    lead: department,
  }),
  services: z.array(
    z.object({
      service: z.enum(SERVICES),
      month: month.nullable(),
      provider: z.object({ department, office: z.string() }).passthrough(),
    }),
  ),
  countryTeam: z
    .object({
      since: month.nullable(),
      until: month.nullable(),
      residentCoordinator: text.optional(),
    })
    .nullable(),
  plans: z.array(
    z.object({ at: month.nullable(), presence: text, gender: z.boolean(), receivers }),
  ),
  taskHandovers: z.array(z.object({ at: month.nullable(), presence: text, task, to: receiver })),
  orphanedTasks: z.array(
    z.object({
      at: month.nullable(),
      presence: text,
      task,
      cause: z.enum(ORPHAN_CAUSES),
    }),
  ),
  pendingTasks: z.array(z.object({ presence: text, task })),
});

export interface RestoreOptions {
  machine?: CountryMachine;
  /** The invariants the restored state must satisfy (default: the catalogue). */
  invariants?: readonly Invariant[];
}

export type RestoreResult =
  { ok: true; actor: Actor<CountryMachine> } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `persisted` is not a country snapshot this machine may resume from, or null if it is. */
export function checkPersistedCountry(
  persisted: unknown,
  options: RestoreOptions = {},
): string | null {
  try {
    if (!isRecord(persisted)) return 'a persisted snapshot must be an object';
    if (persisted.status !== 'active') {
      return `snapshot status is ${JSON.stringify(persisted.status)}, not "active"`;
    }
    // A snapshot taken in this process keeps its lists as such; one read back from JSON has arrays.
    const plain: unknown = JSON.parse(JSON.stringify(persisted.context) ?? 'null');
    const parsed = countryContextSchema.safeParse(plain);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.length ? `context.${issue.path.join('.')}` : 'context';
      return `${path}: ${issue?.message ?? 'does not match the country context'}`;
    }
    let context: CountryContext;
    try {
      context = reviveCountryContext(parsed.data);
    } catch (error) {
      return describeError(error);
    }
    const machine = options.machine ?? countryMachine;
    const compiled = compileCountryMachine(machine);
    let value;
    try {
      value = compiled.fromState({ value: persisted.value as never, context }).value;
    } catch {
      const shown = JSON.stringify(persisted.value) ?? String(persisted.value);
      return `value ${shown.slice(0, 80)} is not a state of the ${machine.id} machine`;
    }
    const fresh = compiled.initial({
      country: context.country,
      region: context.region,
      doctrine: context.doctrine,
    }).context;
    if (!isDeepEqual(context.team, fresh.team)) {
      return `context.team: ${context.team.id} is not the regional ASG team of ${context.country} (${fresh.team.id}); a country's team never changes`;
    }
    const violation = checkState({ value, context }, options.invariants ?? INVARIANTS)[0];
    if (violation) return `invariant ${violation.id}: ${violation.message}`;
    return null;
  } catch (error) {
    return `the snapshot could not be read: ${describeError(error)}`;
  }
}

/**
 * Resumes a country actor (started) from a persisted snapshot, after `checkPersistedCountry`;
 * refuses a bad snapshot with the reason. Never throws.
 */
export function restoreCountry(persisted: unknown, options: RestoreOptions = {}): RestoreResult {
  const reason = checkPersistedCountry(persisted, options);
  if (reason !== null) return { ok: false, reason };
  try {
    const snapshot = JSON.parse(JSON.stringify(persisted)) as { context: CountryContext };
    snapshot.context = reviveCountryContext(snapshot.context);
    const { country, region, doctrine } = snapshot.context;
    const actor = createActor(options.machine ?? countryMachine, {
      snapshot: snapshot as never,
      input: { country, region, doctrine },
    });
    actor.start();
    return { ok: true, actor };
  } catch (error) {
    return { ok: false, reason: `the snapshot could not be restored: ${describeError(error)}` };
  }
}
