/** `pillar restructuring` output: the mapping, the process state and the checks' verdicts. */
import { LEGACY_UNITS, NEW_HOMES, type MappingEntry } from '../domain/legacy.ts';
import { paint, renderColumns, type TextStyle } from '../simulate/format.ts';
import {
  getResourceTotals,
  getVerdicts,
  type CheckVerdict,
  type RestructuringPlan,
} from '../domain/restructuring-plan.ts';
import type { ProcessOutcome } from './process.ts';

/** Everything `pillar restructuring` reports, as plain JSON. */
export interface RestructuringReport {
  process: ProcessOutcome;
  mapping: (MappingEntry & {
    department: string;
    unitName: string;
    homeName: string;
    homeDepartment: string;
  })[];
  resources: { illustrative: boolean; note: string; before: number; after: number } | null;
  checks: CheckVerdict[];
  holds: boolean;
}

export function toRestructuringReport(
  plan: RestructuringPlan,
  process: ProcessOutcome,
): RestructuringReport {
  const checks = getVerdicts(plan);
  const totals = getResourceTotals(plan);
  return {
    process,
    mapping: plan.mapping.map((m) => {
      const unit =
        plan.units.find((u) => u.id === m.unit) ?? LEGACY_UNITS.find((u) => u.id === m.unit);
      const home =
        plan.homes.find((h) => h.id === m.home) ?? NEW_HOMES.find((h) => h.id === m.home);
      return {
        ...m,
        department: unit?.department ?? '?',
        unitName: unit?.name ?? '(unknown unit)',
        homeName: home?.name ?? '(unknown home)',
        homeDepartment: home?.department ?? '?',
      };
    }),
    resources:
      plan.resources && totals
        ? { illustrative: plan.resources.illustrative, note: plan.resources.note, ...totals }
        : null,
    checks,
    holds: checks.every((c) => c.holds),
  };
}

export function formatRestructuringTable(r: RestructuringReport, style: TextStyle): string {
  const lines: string[] = [
    paint(style, 'bold', 'Restructuring of the peace and security pillar, 2017-2019'),
    '',
  ];
  lines.push(`Process: ${paint(style, 'bold', r.process.state)}`);
  lines.push(
    ...renderColumns(r.process.history.map((h) => [h.date, h.state, h.document, h.text])).map(
      (l) => `  ${l}`,
    ),
  );
  for (const x of r.process.refused)
    lines.push(paint(style, 'red', `  refused ${x.event.type} ${x.event.date}: ${x.reason}`));
  lines.push('', 'Mapping (legacy unit -> new home):');
  const rows = r.mapping.map((m) => [
    m.department,
    m.unitName,
    '->',
    `${m.homeName} [${m.homeDepartment}]`,
    `para ${m.paragraph}`,
  ]);
  lines.push(...renderColumns(rows).map((l) => `  ${l}`));
  const choices = r.mapping.filter((m) => /\b10\b/.test(m.paragraph));
  if (choices.length > 0) lines.push('  Policy units (paragraph 10, this project\u2019s reading):');
  for (const m of choices) lines.push(`    ${m.unit}: ${m.why}`);
  if (r.resources) {
    const banner = r.resources.illustrative
      ? ` (${paint(style, 'yellow', 'ILLUSTRATIVE FIGURES, NOT REAL POSTS')})`
      : '';
    lines.push(
      '',
      `Resources${banner}: ${r.resources.before} posts before, ${r.resources.after} after. ${r.resources.note}`,
    );
  }
  lines.push('', 'Checks:');
  for (const c of r.checks) {
    const verdict = c.holds ? paint(style, 'green', 'holds') : paint(style, 'red', 'FAILS');
    lines.push(`  ${verdict}  ${c.id}: ${c.description}`);
    for (const i of c.issues) lines.push(`         - ${i.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatRestructuringJson(r: RestructuringReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
