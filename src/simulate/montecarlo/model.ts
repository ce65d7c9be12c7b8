/**
 * The stochastic model of invented country trajectories: monthly hazards, mandate lengths,
 * shares. Parameters live in a YAML file (models/default.yaml); this module holds their schema.
 * docs/monte-carlo.md says what each one means and how its default was derived.
 */
import { z } from 'zod';
import { EXIT_CAUSES } from '../../../machines/country-types.ts';
import { RECEIVER_KINDS, REGIONS, SERVICES, TASKS, isMonth } from '../../domain/index.ts';
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

/** The kinds of mission the model deploys: a peacekeeping operation and the SPM kinds. */
export const MISSION_KINDS = ['pko', ...SPM_KINDS] as const;
export type MissionKind = (typeof MISSION_KINDS)[number];

/** Per mission kind (each optional), a value of the given schema. */
function perKind<S extends z.ZodType>(value: S, what: string) {
  const shape = Object.fromEntries(MISSION_KINDS.map((k) => [k, value.optional()])) as Record<
    MissionKind,
    z.ZodOptional<S>
  >;
  return fields(shape, `a mapping by mission kind (${MISSION_KINDS.join(', ')}) of ${what}`);
}

/** Per task (each optional), the probability that a mission of the kind holds it. */
const taskProbabilities = fields(
  Object.fromEntries(TASKS.map((t) => [t, probability.optional()])) as Record<
    (typeof TASKS)[number],
    z.ZodOptional<typeof probability>
  >,
  `a mapping of task probabilities (${TASKS.join(', ')})`,
);

/** An assessed budget range in USD millions per year; a budget is drawn uniformly in it. */
const budgetRange = (() => {
  const amount = bounded('an amount in USD millions per year from 0 to 100000', 0, 100000);
  return fields(
    { min: amount, max: amount },
    'a range { min, max } in USD millions per year',
  ).refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['max'] });
})();

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
    /**
     * Mandated tasks (issue 12), optional: without it missions hold no tasks. Each mission draws
     * its tasks once, at deployment; a planned exit adopts a plan with a WPS element giving every
     * task a receiver drawn from `receivers`; a forced exit orphans each task still held with
     * probability `orphanedAtForcedExit` and hands the others to a receiver drawn the same way.
     */
    tasks: fields(
      {
        perKind: perKind(taskProbabilities, 'task probabilities'),
        receivers: weights(RECEIVER_KINDS),
        orphanedAtForcedExit: probability,
      },
      'a mapping of task parameters (perKind, receivers, orphanedAtForcedExit)',
    ).optional(),
    /** Assessed budgets by mission kind (USD millions per year), optional: for the funding cliff. */
    budgets: perKind(budgetRange, 'budget ranges { min, max }').optional(),
  },
  'a mapping of model parameters',
);

/** A validated model: every parameter of the simulation. */
export type Model = z.infer<typeof modelSchema>;
