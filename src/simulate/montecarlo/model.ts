/**
 * The stochastic model of invented country trajectories: monthly hazards, mandate lengths,
 * shares. Parameters live in a YAML file (models/default.yaml); this module holds their schema.
 * docs/monte-carlo.md says what each one means and how its default was derived.
 */
import { z } from 'zod';
import { EXIT_CAUSES } from '../../../machines/country-types.ts';
import { REGIONS, SERVICES, isMonth } from '../../domain/index.ts';

const probability = z.number().min(0).max(1);
const weight = z.number().min(0);
const months = z.number().int().min(1).max(600);

const range = (min: number) =>
  z
    .object({ min: z.number().int().min(min).max(600), max: z.number().int().min(min).max(600) })
    .strict()
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['max'] });

/** Weights over a closed set of keys: every key optional, at least one weight above zero. */
function weights<K extends string>(keys: readonly [K, ...K[]]) {
  const shape = Object.fromEntries(keys.map((k) => [k, weight.optional()])) as Record<
    K,
    z.ZodOptional<typeof weight>
  >;
  return z
    .object(shape)
    .strict()
    .refine((w) => Object.values(w).some((v) => typeof v === 'number' && v > 0), {
      message: 'at least one weight must be above zero',
    });
}

const SPM_KINDS = ['spm-field', 'spm-envoy', 'spm-political-process'] as const;
export type SpmKind = (typeof SPM_KINDS)[number];

/** The schema of a model file. Unknown fields are refused, so a misspelt parameter is caught. */
export const modelSchema = z
  .object({
    name: z.string().min(1),
    start: z.string().refine(isMonth, { message: 'must be a month YYYY-MM' }),
    regions: weights(REGIONS),
    initial: weights(['nonMission', 'specialPoliticalMission', 'peacekeeping'] as const),
    nonMission: z
      .object({
        crisisPerMonth: probability,
        standDownPerMonth: probability,
        deploySpmPerMonth: probability,
        deployPkoPerMonth: probability,
        directPkoPerMonth: probability,
      })
      .strict(),
    spm: z
      .object({
        kinds: weights(SPM_KINDS),
        mandateMonths: months,
        finalMandatePerReview: probability,
        forcedExitPerMonth: probability,
        escalationToPkoPerMonth: probability,
      })
      .strict(),
    pko: z
      .object({
        mandateMonths: months,
        finalMandatePerReview: probability,
        forcedExitPerMonth: probability,
      })
      .strict(),
    transition: z
      .object({
        finalMandateMonths: range(1),
        planningShare: probability,
        drawdownShare: probability,
        relapsePerMonth: probability,
        successorSpmShare: z.object({ pko: probability, spm: probability }).strict(),
      })
      .strict()
      .refine((t) => t.drawdownShare <= t.planningShare, {
        message: 'drawdownShare must not exceed planningShare (drawdown follows planning)',
        path: ['drawdownShare'],
      }),
    forcedExit: z
      .object({
        causes: weights(EXIT_CAUSES),
        withdrawalMonths: range(0),
        successorSpmShare: probability,
      })
      .strict(),
    services: z
      .object({
        perMonth: z
          .object({
            nonMission: probability,
            specialPoliticalMission: probability,
            peacekeeping: probability,
            transition: probability,
          })
          .strict(),
        weights: weights(SERVICES),
      })
      .strict(),
  })
  .strict();

/** A validated model: every parameter of the simulation. */
export type Model = z.infer<typeof modelSchema>;
