/** The plan of 2017 as data (src/domain/legacy.ts), ready for the checks and the process machine. */
import {
  ILLUSTRATIVE_RESOURCES,
  LEGACY_UNITS,
  NEW_HOMES,
  RESTRUCTURING_MAPPING,
} from '../domain/legacy.ts';
import type { RestructuringPlan } from './checks.ts';

/** The note's mapping with the ILLUSTRATIVE table of posts. */
export const DEFAULT_PLAN: RestructuringPlan = {
  units: LEGACY_UNITS,
  homes: NEW_HOMES,
  mapping: RESTRUCTURING_MAPPING,
  resources: ILLUSTRATIVE_RESOURCES,
};
