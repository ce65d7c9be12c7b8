/** `pillar portfolio` output: an aligned table per regional ASG, or JSON. Pure text. */
import { paint, renderColumns, type TextStyle } from '../simulate/format.ts';
import type { Portfolio } from './portfolio.ts';

function counts(c: Portfolio['counts']): string {
  return `USG/DPPA ${c['USG/DPPA']}, USG/DPO ${c['USG/DPO']}`;
}

/** Every regional ASG's countries at the month, then the totals per USG. */
export function formatPortfolioTable(p: Portfolio, style: TextStyle): string {
  const lines: string[] = [
    paint(style, 'bold', `Regional ASG portfolios at ${p.month}`) +
      ` (doctrine ${p.doctrine}; structure ${p.structure})`,
    '',
  ];
  for (const a of p.asgs) {
    const known = a.countries.length - a.outside;
    lines.push(
      paint(style, 'bold', `${a.asg}`) +
        ` (${a.name}): ${a.countries.length} countries; reports on ${known}: ${counts(a.counts)}`,
    );
    const header = ['country', 'phase', 'presences', 'lead', 'reports to', 'copy to'];
    const rows = a.countries.map((r) =>
      r.phase === null
        ? [
            r.country,
            paint(style, 'dim', `outside window ${r.window.start}..${r.window.end}`),
            '',
            '',
            '',
            '',
          ]
        : [
            r.country,
            r.stage ? `${r.phase}.${r.stage}` : r.phase,
            r.presences.join(', ') || '-',
            r.lead ?? '',
            r.reportsTo ?? '',
            r.copyTo ?? '',
          ],
    );
    lines.push(
      ...renderColumns([header.map((h) => paint(style, 'dim', h)), ...rows]).map((l) => `  ${l}`),
      '',
    );
  }
  lines.push(
    `Totals: ${counts(p.counts)}; ${p.outside} countr${p.outside === 1 ? 'y' : 'ies'} outside their scenario window (not counted)`,
  );
  if (p.unassigned.length > 0) {
    lines.push(`No regional ASG in this structure for: ${p.unassigned.join(', ')}`);
  }
  if (p.crossRegional.length > 0) {
    lines.push('Across all regions:');
    for (const c of p.crossRegional) lines.push(`  ${c.asg} (${c.department}): ${c.scope}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatPortfolioJson(p: Portfolio): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
