import fc from 'fast-check';
import { EventCommand } from './event-command.ts';

const NAMES = ['A', 'B', 'C', 'D'];
const KINDS = ['pko', 'spm-field', 'spm-regional-office', 'spm-envoy', 'spm-political-process'];
const SERVICES = [
  'electoral-assistance',
  'peacebuilding-fund',
  'ddr',
  'police',
  'mediation-support',
];
const CAUSES = ['host-consent-withdrawn', 'council-veto', 'collapse'];

/** Months mostly move forward a little; sometimes they go back, sometimes they are malformed. */
const month = fc.oneof(
  { weight: 8, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 14 }) },
  { weight: 1, arbitrary: fc.constant(-1) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2011-13', '11-2011', '', 201101).map((literal) => ({ literal })),
  },
);
const name = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 7) },
);
const kind = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...KINDS) },
  { weight: 1, arbitrary: fc.constant('bogus') },
);

const task = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('rule-of-law', 'human-rights', 'ddr') },
  { weight: 1, arbitrary: fc.constant('catering') },
);
const tasks = fc.oneof(
  { weight: 10, arbitrary: fc.uniqueArray(task, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('rule-of-law', ['ddr', 'ddr'], []) },
);
/** Receivers: the kinds, presence names (maybe absent or leaving), and malformed ones. */
const receiver = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('country-team', 'government', 'completed') },
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('', 7) },
);
const gender = fc.oneof(
  { weight: 8, arbitrary: fc.constant(true) },
  { weight: 2, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant('yes') },
);

const withPresence = (type: string) =>
  fc.record({ type: fc.constant(type), month, presence: name });

/** Every event type of the country machine, with well-formed and malformed payloads. */
export const eventCommands = [
  fc.record({
    type: fc.constant('DEPLOY'),
    month,
    presence: fc.oneof(
      { weight: 12, arbitrary: fc.record({ name, kind }) },
      {
        weight: 1,
        arbitrary: fc.record({ name, kind, mandate: fc.constantFrom('S/RES/1270 (1999)', 12) }),
      },
      { weight: 1, arbitrary: fc.constantFrom(null, 'A', []) },
    ),
  }),
  withPresence('DEPLOY'),
  fc.record({
    type: fc.constant('DEPLOY'),
    month,
    presence: fc.record({
      name,
      kind: fc.constantFrom('pko', 'spm-field', 'spm-regional-office'),
      tasks,
    }),
  }),
  // Plans: one that covers the presence's tasks (resolved when run), and any mapping at all.
  fc.record({ type: fc.constant('ADOPT_PLAN'), month, presence: name, cover: receiver, gender }),
  fc.record({ type: fc.constant('ADOPT_PLAN'), month, presence: name, cover: receiver, gender }),
  fc.record({
    type: fc.constant('ADOPT_PLAN'),
    month,
    presence: name,
    handover: fc.dictionary(task, receiver, { maxKeys: 3 }),
    gender,
  }),
  fc.record({ type: fc.constant('HAND_OVER_TASK'), month, presence: name, task, to: receiver }),
  fc.record({ type: fc.constant('HAND_OVER_TASK'), month, presence: name, task, to: receiver }),
  withPresence('RENEW_MANDATE'),
  withPresence('FINAL_MANDATE'),
  withPresence('BEGIN_TRANSITION'),
  withPresence('BEGIN_TRANSITION'),
  withPresence('DRAWDOWN'),
  withPresence('DRAWDOWN'),
  withPresence('WITHDRAW'),
  withPresence('WITHDRAW'),
  fc.record({ type: fc.constant('COMPLETE_HANDOVER'), month }),
  fc.record({ type: fc.constant('COMPLETE_HANDOVER'), month }),
  fc.record({ type: fc.constant('RELAPSE'), month }),
  fc.record({
    type: fc.constant('FORCED_EXIT'),
    month,
    cause: fc.oneof(fc.constantFrom(...CAUSES), fc.constant('boredom')),
  }),
  fc.record({ type: fc.constant('ENGAGE_PREVENTION'), month }),
  fc.record({ type: fc.constant('STAND_DOWN'), month }),
  fc.record({
    type: fc.constant('REQUEST_SERVICE'),
    month,
    service: fc.oneof(fc.constantFrom(...SERVICES), fc.constant('catering')),
  }),
  fc.record({ type: fc.constantFrom('DEPLOYED', 'xstate.init', ''), month }),
].map((arb) =>
  arb.map(({ month: m, ...template }) => new EventCommand(template as Record<string, unknown>, m)),
);
