/**
 * The stochastic model of invented country trajectories: monthly hazards, mandate lengths,
 * shares. Parameters live in a YAML file (models/default.yaml); this module holds their schema.
 * docs/monte-carlo.md says what each one means and how its default was derived.
 */
import { z } from 'zod';
import { EXIT_CAUSES } from '../../../machines/country-types.ts';
import { REGIONS, SERVICES, isMonth } from '../../domain/index.ts';
import { describeValue } from '../../scenario/schema.ts';

/**
 * A zod error function: "missing required field" when the field is absent, else
 * "expected WHAT, got VALUE". Leaves other issues (unknown keys) to zod.
 */
function expected(what: string) {
  return (issue: { code?: string; input?: unknown }): string | undefined => {
    if (issue.code === 'unrecognized_keys') return undefined;
    return issue.input === undefined
      ? 'missing required field'
      : `expected ${what}, got ${describeValue(issue.input)}`;
  };
}

/** A number within [min, max] (a whole one with `int`), every failure in one readable message. */
function bounded(what: string, min: number, max?: number, int = false) {
  const error = expected(what);
  const base = int ? z.int({ error }) : z.number({ error });
  const low = base.min(min, { error });
  return max === undefined ? low : low.max(max, { error });
}

/** A mapping of named fields; unknown fields are refused. */
function fields<S extends z.ZodRawShape>(shape: S, what: string) {
  return z.strictObject(shape, { error: expected(what) });
}

const probability = bounded('a probability from 0 to 1', 0, 1);
const weight = bounded('a weight (a number from 0 up)', 0);
const months = bounded('a whole number of months from 1 to 600', 1, 600, true);

const range = (min: number) => {
  const bound = bounded(`a whole number of months from ${min} to 600`, min, 600, true);
  return fields({ min: bound, max: bound }, 'a range { min, max } of months').refine(
    (r) => r.min <= r.max,
    { message: 'min must not exceed max', path: ['max'] },
  );
};

/** Weights over a closed set of keys: every key optional, at least one weight above zero. */
function weights<K extends string>(keys: readonly [K, ...K[]]) {
  const shape = Object.fromEntries(keys.map((k) => [k, weight.optional()])) as Record<
    K,
    z.ZodOptional<typeof weight>
  >;
  return fields(shape, `a mapping of weights (${keys.join(', ')})`).refine(
    (w) => Object.values(w).some((v) => typeof v === 'number' && v > 0),
    { message: 'at least one weight must be above zero' },
  );
}

const SPM_KINDS = ['spm-field', 'spm-envoy', 'spm-political-process'] as const;
export type SpmKind = (typeof SPM_KINDS)[number];

/** The schema of a model file. Unknown fields are refused, so a misspelt parameter is caught. */
export const modelSchema = fields(
  {
    name: z.string({ error: expected('a text') }).min(1, { error: 'must not be empty' }),
    start: z
      .string({ error: expected('a month YYYY-MM') })
      .refine(isMonth, { error: expected('a month YYYY-MM') }),
    regions: weights(REGIONS),
    initial: weights(['nonMission', 'specialPoliticalMission', 'peacekeeping'] as const),
    nonMission: fields(
      {
        crisisPerMonth: probability,
        standDownPerMonth: probability,
        deploySpmPerMonth: probability,
        deployPkoPerMonth: probability,
        directPkoPerMonth: probability,
      },
      'a mapping of non-mission hazards',
    ),
    spm: fields(
      {
        kinds: weights(SPM_KINDS),
        mandateMonths: months,
        finalMandatePerReview: probability,
        forcedExitPerMonth: probability,
        escalationToPkoPerMonth: probability,
      },
      'a mapping of special political mission parameters',
    ),
    pko: fields(
      {
        mandateMonths: months,
        finalMandatePerReview: probability,
        forcedExitPerMonth: probability,
      },
      'a mapping of peacekeeping parameters',
    ),
    transition: fields(
      {
        finalMandateMonths: range(1),
        planningShare: probability,
        drawdownShare: probability,
        relapsePerMonth: probability,
        successorSpmShare: fields(
          { pko: probability, spm: probability },
          'a mapping with pko and spm shares',
        ),
      },
      'a mapping of transition parameters',
    ).refine((t) => t.drawdownShare <= t.planningShare, {
      message: 'drawdownShare must not exceed planningShare (drawdown follows planning)',
      path: ['drawdownShare'],
    }),
    forcedExit: fields(
      {
        causes: weights(EXIT_CAUSES),
        withdrawalMonths: range(0),
        successorSpmShare: probability,
      },
      'a mapping of forced-exit parameters',
    ),
    services: fields(
      {
        perMonth: fields(
          {
            nonMission: probability,
            specialPoliticalMission: probability,
            peacekeeping: probability,
            transition: probability,
          },
          'a mapping of hazards by phase',
        ),
        weights: weights(SERVICES),
      },
      'a mapping of service parameters',
    ),
  },
  'a mapping of model parameters',
);

/** A validated model: every parameter of the simulation. */
export type Model = z.infer<typeof modelSchema>;
