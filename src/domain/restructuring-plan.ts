/**
 * The restructuring plan of 2017 (legacy units, new homes, mapping, resources) and the checks
 * that refuse a restructuring mapping (note 2017, paragraph 5: no change of mandates or
 * functions; cost-neutral; nothing taken from development or other areas). Pure functions over
 * plain data; every issue names the unit it concerns.
 */
import {
  ILLUSTRATIVE_RESOURCES,
  LEGACY_UNITS,
  NEW_HOMES,
  RESTRUCTURING_MAPPING,
  type LegacyUnit,
  type MappingEntry,
  type NewHome,
  type ResourceTable,
} from './legacy.ts';

/** Everything a check needs: the legacy units, the new homes, the mapping and (optionally) posts. */
export interface RestructuringPlan {
  units: readonly LegacyUnit[];
  homes: readonly NewHome[];
  mapping: readonly MappingEntry[];
  resources?: ResourceTable;
}

export const MAPPING_ISSUE_KINDS = [
  'unknown-unit',
  'unknown-home',
  'no-home',
  'two-homes',
  'function-dropped',
  'function-changed',
  'resources-not-conserved',
  'resources-misrouted',
  'resources-outside-pillar',
] as const;
export type MappingIssueKind = (typeof MAPPING_ISSUE_KINDS)[number];

export interface MappingIssue {
  kind: MappingIssueKind;
  /** The unit (or, for an outside source, the source) the issue is about. */
  unit: string;
  message: string;
}

/** The checks as `pillar restructuring` reports them, each covering some kinds of issue. */
export const MAPPING_CHECKS = [
  {
    id: 'one-home',
    description: 'every legacy unit has exactly one new home, and every home named exists',
    kinds: ['unknown-unit', 'unknown-home', 'no-home', 'two-homes'],
  },
  {
    id: 'functions-kept',
    description: 'no function is dropped or changed (note paragraph 5)',
    kinds: ['function-dropped', 'function-changed'],
  },
  {
    id: 'resources-conserved',
    description:
      'every unit\u2019s posts go, all of them, to its new home: totals before and after are equal',
    kinds: ['resources-not-conserved', 'resources-misrouted'],
  },
  {
    id: 'resources-within-pillar',
    description: 'no resources taken from outside the pillar (note paragraph 5)',
    kinds: ['resources-outside-pillar'],
  },
] as const satisfies readonly {
  id: string;
  description: string;
  kinds: readonly MappingIssueKind[];
}[];
export type MappingCheckId = (typeof MAPPING_CHECKS)[number]['id'];

function checkHomes(plan: RestructuringPlan): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const units = new Set(plan.units.map((u) => u.id));
  const homes = new Set(plan.homes.map((h) => h.id));
  for (const entry of plan.mapping) {
    if (!units.has(entry.unit)) {
      issues.push({
        kind: 'unknown-unit',
        unit: entry.unit,
        message: `${entry.unit} is mapped but is no legacy unit`,
      });
    }
    if (!homes.has(entry.home)) {
      issues.push({
        kind: 'unknown-home',
        unit: entry.unit,
        message: `${entry.unit} goes to ${entry.home}, which is no new home`,
      });
    }
  }
  for (const unit of plan.units) {
    const entries = plan.mapping.filter((m) => m.unit === unit.id);
    if (entries.length === 0) {
      issues.push({
        kind: 'no-home',
        unit: unit.id,
        message: `${unit.id} (${unit.name}) has no new home`,
      });
    } else if (entries.length > 1) {
      issues.push({
        kind: 'two-homes',
        unit: unit.id,
        message: `${unit.id} (${unit.name}) has ${entries.length} homes: ${entries.map((e) => e.home).join(', ')}`,
      });
    }
  }
  return issues;
}

function checkFunctions(plan: RestructuringPlan): MappingIssue[] {
  const issues: MappingIssue[] = [];
  for (const unit of plan.units) {
    for (const entry of plan.mapping.filter((m) => m.unit === unit.id)) {
      const dropped = unit.functions.filter((f) => !entry.functions.includes(f));
      const changed = entry.functions.filter((f) => !unit.functions.includes(f));
      if (dropped.length > 0) {
        issues.push({
          kind: 'function-dropped',
          unit: unit.id,
          message: `${unit.id} drops ${dropped.join(', ')} on its way to ${entry.home}`,
        });
      }
      if (changed.length > 0) {
        issues.push({
          kind: 'function-changed',
          unit: unit.id,
          message: `${unit.id} arrives at ${entry.home} with ${changed.join(', ')}, which it never performed`,
        });
      }
    }
  }
  return issues;
}

/** Total posts before and after, per the resource table (null without one). */
export function getResourceTotals(
  plan: RestructuringPlan,
): { before: number; after: number } | null {
  if (!plan.resources) return null;
  const sum = (xs: readonly { posts: number }[]) => xs.reduce((n, x) => n + x.posts, 0);
  return { before: sum(plan.resources.before), after: sum(plan.resources.after) };
}

function checkResources(plan: RestructuringPlan): MappingIssue[] {
  const table = plan.resources;
  if (!table) return [];
  const issues: MappingIssue[] = [];
  const units = new Set(plan.units.map((u) => u.id));
  for (const source of new Set(table.after.map((a) => a.from))) {
    if (!units.has(source)) {
      const posts = table.after.filter((a) => a.from === source).reduce((n, a) => n + a.posts, 0);
      issues.push({
        kind: 'resources-outside-pillar',
        unit: source,
        message: `${posts} posts taken from ${source}, outside the pillar's legacy units`,
      });
    }
  }
  for (const unit of plan.units) {
    const rows = table.before.filter((b) => b.unit === unit.id);
    const before = rows.reduce((n, b) => n + b.posts, 0);
    const moved = table.after.filter((a) => a.from === unit.id);
    const after = moved.reduce((n, a) => n + a.posts, 0);
    if (rows.length !== 1) {
      issues.push({
        kind: 'resources-not-conserved',
        unit: unit.id,
        message: `${unit.id} has ${rows.length} rows in the table of posts before, not one`,
      });
    } else if (before !== after) {
      issues.push({
        kind: 'resources-not-conserved',
        unit: unit.id,
        message: `${unit.id} had ${before} posts before, ${after} after`,
      });
    }
    const homes = plan.mapping.filter((m) => m.unit === unit.id).map((m) => m.home);
    const elsewhere = moved.filter((a) => !homes.includes(a.home));
    if (homes.length === 1 && elsewhere.length > 0) {
      issues.push({
        kind: 'resources-misrouted',
        unit: unit.id,
        message: `${unit.id}'s posts go to ${elsewhere.map((a) => a.home).join(', ')}, not to its home ${String(homes[0])}`,
      });
    }
  }
  for (const row of table.before.filter((b) => !units.has(b.unit))) {
    issues.push({
      kind: 'resources-not-conserved',
      unit: row.unit,
      message: `the table of posts names ${row.unit}, which is no legacy unit`,
    });
  }
  return issues;
}

/** Every issue of a plan; an empty list means the mapping is accepted. */
export function checkMapping(plan: RestructuringPlan): MappingIssue[] {
  return [...checkHomes(plan), ...checkFunctions(plan), ...checkResources(plan)];
}

export interface CheckVerdict {
  id: MappingCheckId;
  description: string;
  holds: boolean;
  issues: MappingIssue[];
}

/** The verdict of each check in MAPPING_CHECKS. */
export function getVerdicts(plan: RestructuringPlan): CheckVerdict[] {
  const issues = checkMapping(plan);
  return MAPPING_CHECKS.map((check) => {
    const own = issues.filter((i) => (check.kinds as readonly MappingIssueKind[]).includes(i.kind));
    return { id: check.id, description: check.description, holds: own.length === 0, issues: own };
  });
}

/** The note's mapping with the ILLUSTRATIVE table of posts. */
export const DEFAULT_PLAN: RestructuringPlan = {
  units: LEGACY_UNITS,
  homes: NEW_HOMES,
  mapping: RESTRUCTURING_MAPPING,
  resources: ILLUSTRATIVE_RESOURCES,
};
