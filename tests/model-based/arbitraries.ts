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
