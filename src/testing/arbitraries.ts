/**
 * fast-check arbitraries for users' own property tests: months, presences, country events
 * (well-formed, in time order, over a small set of presence names so that events meet each
 * other), event sequences and whole scenarios that pass the scenario schema.
 */
import fc from 'fast-check';
import {
  EXIT_CAUSES,
  type CountryEvent,
  type PresenceInput,
} from '../../machines/country-types.ts';
import {
  PRESENCE_KINDS,
  REGIONS,
  SERVICES,
  addMonths,
  type Receiver,
  type Task,
  fromMonthIndex,
  toMonthIndex,
  type Month,
} from '../domain/index.ts';
import type { Scenario, ScenarioPresence } from '../scenario/types.ts';

/** Presence names the event arbitraries draw from: few, so that events name the same presence. */
export const PRESENCE_NAMES = ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA'] as const;

export interface MonthOptions {
  /** First month that may be drawn (default 1990-01). */
  from?: Month;
  /** Last month that may be drawn (default 2030-12). */
  to?: Month;
}

/** A month `YYYY-MM` between `from` and `to`, inclusive. */
export function monthArbitrary(options: MonthOptions = {}): fc.Arbitrary<Month> {
  const min = toMonthIndex(options.from ?? '1990-01');
  const max = toMonthIndex(options.to ?? '2030-12');
  return fc.integer({ min, max }).map(fromMonthIndex);
}

export interface PresenceOptions {
  /** The names to draw from (default {@link PRESENCE_NAMES}). */
  names?: readonly string[];
}

/**
 * The tasks the event arbitraries draw from: two, so that plans and handovers meet the tasks
 * presences hold often enough to be taken.
 */
export const ARBITRARY_TASKS = ['rule-of-law', 'human-rights'] as const satisfies readonly Task[];

/** A receiver: a receiver kind, or one of the presence names. */
function receiverArbitrary(names: readonly string[]): fc.Arbitrary<Receiver> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<Receiver>('country-team', 'government', 'completed') },
    { weight: 1, arbitrary: fc.constantFrom(...names) },
  );
}

/**
 * A presence as the country machine takes it (`DEPLOY`'s payload, `CountryInput.presences`);
 * missions hold mandated tasks about half the time.
 */
export function presenceArbitrary(options: PresenceOptions = {}): fc.Arbitrary<PresenceInput> {
  return fc
    .record({
      name: fc.constantFrom(...(options.names ?? PRESENCE_NAMES)),
      kind: fc.constantFrom(...PRESENCE_KINDS),
      tasks: fc.option(fc.subarray([...ARBITRARY_TASKS], { minLength: 1 }), { nil: undefined }),
    })
    .map(({ name, kind, tasks }) =>
      tasks === undefined || kind === 'spm-regional-office'
        ? { name, kind }
        : { name, kind, tasks },
    );
}

export interface EventOptions extends PresenceOptions {
  /** The month of the event (default: any month of {@link monthArbitrary}). */
  month?: fc.Arbitrary<Month>;
}

/** One well-formed country event of any type. */
export function countryEventArbitrary(options: EventOptions = {}): fc.Arbitrary<CountryEvent> {
  const month = options.month ?? monthArbitrary();
  const names = options.names ?? PRESENCE_NAMES;
  const name = fc.constantFrom(...names);
  const about = <T extends CountryEvent['type']>(type: T) =>
    fc.record({ type: fc.constant(type), month, presence: name });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('DEPLOY' as const),
        month,
        presence: presenceArbitrary(options),
      }),
    },
    { weight: 1, arbitrary: about('RENEW_MANDATE') },
    { weight: 2, arbitrary: about('FINAL_MANDATE') },
    { weight: 2, arbitrary: about('BEGIN_TRANSITION') },
    { weight: 2, arbitrary: about('DRAWDOWN') },
    { weight: 3, arbitrary: about('WITHDRAW') },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('COMPLETE_HANDOVER' as const), month }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('RELAPSE' as const), month }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('FORCED_EXIT' as const),
        month,
        cause: fc.constantFrom(...EXIT_CAUSES),
      }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('ENGAGE_PREVENTION' as const), month }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('STAND_DOWN' as const), month }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('REQUEST_SERVICE' as const),
        month,
        service: fc.constantFrom(...SERVICES),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('ADOPT_PLAN' as const),
        month,
        presence: name,
        handover: fc
          .subarray([...ARBITRARY_TASKS])
          .chain((tasks) =>
            fc
              .tuple(...tasks.map(() => receiverArbitrary(names)))
              .map((to) => Object.fromEntries(tasks.map((t, i) => [t, to[i]]))),
          ),
        gender: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('HAND_OVER_TASK' as const),
        month,
        presence: name,
        task: fc.constantFrom(...ARBITRARY_TASKS),
        to: receiverArbitrary(names),
      }),
    },
  );
}

export interface EventSequenceOptions extends PresenceOptions {
  /** The month of the first event (default 2000-01); later events never go back in time. */
  start?: Month;
  minLength?: number;
  maxLength?: number;
}

/** A sequence of country events whose months never go back (gaps of 0 to 12 months). */
export function countryEventsArbitrary(
  options: EventSequenceOptions = {},
): fc.Arbitrary<CountryEvent[]> {
  const start = options.start ?? '2000-01';
  const names = options.names === undefined ? {} : { names: options.names };
  const step = fc.tuple(
    fc.integer({ min: 0, max: 12 }),
    countryEventArbitrary({ ...names, month: fc.constant(start) }),
  );
  return fc
    .array(step, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 40 })
    .map((steps) => {
      let month = start;
      return steps.map(([gap, event]) => {
        month = addMonths(month, gap);
        return { ...event, month };
      });
    });
}

export interface ScenarioOptions extends MonthOptions {
  /** Most presences in one scenario (default 4). */
  maxPresences?: number;
}

/** One presence of a scenario file, active from `from` for up to 15 years (or ongoing). */
function scenarioPresenceArbitrary(
  name: string,
  options: MonthOptions,
): fc.Arbitrary<ScenarioPresence> {
  return fc
    .record({
      kind: fc.constantFrom(...PRESENCE_KINDS),
      from: monthArbitrary(options),
      months: fc.option(fc.integer({ min: 0, max: 180 }), { nil: undefined }),
    })
    .map(({ kind, from, months }) =>
      months === undefined
        ? { name, kind, from }
        : { name, kind, from, to: addMonths(from, months) },
    );
}

/**
 * A scenario that passes the scenario schema: a country in a region with one to `maxPresences`
 * presences of distinct names, with or without `to`. The window is left to its defaults.
 */
export function scenarioArbitrary(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const max = options.maxPresences ?? 4;
  const window = { from: options.from ?? '1990-01', to: options.to ?? '2030-12' };
  return fc
    .record({
      country: fc.constantFrom('Atlantis', 'Ruritania', 'Freedonia', 'Genovia', 'Zubrowka'),
      region: fc.constantFrom(...REGIONS),
      count: fc.integer({ min: 1, max }),
    })
    .chain(({ country, region, count }) =>
      fc
        .tuple(
          ...Array.from({ length: count }, (_, i) =>
            scenarioPresenceArbitrary(`MISSION-${i + 1}`, window),
          ),
        )
        .map((presences): Scenario => ({ country, region, presences })),
    );
}
