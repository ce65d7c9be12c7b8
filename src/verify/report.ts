/** Plain-text rendering of verify reports and counterexample traces. */
import type { CountryState } from '../country/state.ts';
import { getPhase, getStage } from '../country/state.ts';
import { getReplayCommand, type VerifyTrace } from './counterexample.ts';
import type { VerifyReport } from './verify.ts';

/** One line per state: where it is and what the invariants read. */
export function describeState(state: CountryState): string {
  const c = state.context;
  const stage = getStage(state.value);
  const where = stage ? `${getPhase(state.value)}.${stage}` : getPhase(state.value);
  const presences = c.presences.map((p) => `${p.name}:${p.kind}${p.finalMandate ? '(final)' : ''}`);
  const outgoing = c.outgoing.length ? `  outgoing [${c.outgoing.join(', ')}]` : '';
  return `${where}  [${presences.join(', ')}]  lead ${c.lead}  informed ${c.informed}  team ${c.team.id}${outgoing}`;
}

/** The counterexample step by step, ending with the command that replays it. */
export function formatTrace(trace: VerifyTrace): string {
  const lines = [
    `VIOLATION ${trace.violation.id} (${trace.doctrine}): ${trace.violation.message}`,
    `  shortest counterexample: ${trace.events.length} event(s) from start "${trace.start}"`,
    `  0. start  -> ${trace.states[0] ? describeState(trace.states[0]) : '?'}`,
  ];
  trace.events.forEach((event, i) => {
    const state = trace.states[i + 1];
    lines.push(`  ${i + 1}. ${JSON.stringify(event)}`);
    if (state) lines.push(`       -> ${describeState(state)}`);
  });
  lines.push(`  replay: ${getReplayCommand(trace)}`);
  return lines.join('\n');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function formatOne(report: VerifyReport): string[] {
  const lines = [
    `pillar verify: machine country, doctrine ${report.doctrine}: ${report.ok ? 'OK' : 'FAILED'}`,
    `  states ${report.states}  edges ${report.edges}  refused ${report.refused}  max depth ${report.maxDepth}  time ${(report.durationMs / 1000).toFixed(2)} s  ${Math.round(report.statesPerSecond)} states/s`,
    `  exploration ${report.complete ? 'complete' : 'INCOMPLETE (state limit reached; raise --max-states)'}; abstraction ${report.abstraction} (presence names ${report.names.join(', ')}); engine ${report.engine}`,
    `  starts: ${report.starts.join(', ')}`,
    `  state coverage ${report.coverage.states.reached}/${report.coverage.states.total}; transition coverage ${report.coverage.transitions.taken}/${report.coverage.transitions.total}`,
  ];
  for (const s of report.coverage.states.neverReached) lines.push(`    never reached: ${s}`);
  for (const t of report.coverage.transitions.neverTaken) lines.push(`    never taken: ${t}`);
  // One width for both lists, from the longest id, so the last column lines up.
  const width = Math.max(
    0,
    ...report.checks.map((c) => c.id.length),
    ...report.goals.map((g) => g.id.length),
  );
  const row = (ok: boolean, id: string, tail: string): string =>
    `    ${ok ? 'ok  ' : 'FAIL'} ${tail === '' ? id : `${pad(id, width)}  ${tail}`}`;
  lines.push('  always (checked on every edge):');
  for (const c of report.checks) {
    const tail = c.holds
      ? ''
      : `-> ${c.counterexample?.events.length ?? '?'} event(s): ${c.counterexample?.violation.message ?? ''}`;
    lines.push(row(c.holds, c.id, tail));
  }
  lines.push('  sometimes (reachable, so no invariant holds vacuously):');
  for (const g of report.goals) {
    lines.push(row(g.reached, g.id, g.reached ? `shortest ${g.length} event(s)` : 'NEVER REACHED'));
  }
  if (report.violation) lines.push('', formatTrace(report.violation));
  return lines;
}

/** The table `pillar verify --format table` prints, one block per doctrine. */
export function formatVerifyTable(reports: readonly VerifyReport[]): string {
  return reports.map((r) => formatOne(r).join('\n')).join('\n\n') + '\n';
}
