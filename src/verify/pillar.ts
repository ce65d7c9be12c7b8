/**
 * `pillar verify --machine pillar`: breadth-first exploration of the pillar machine
 * (machines/pillar.ts) over a bounded universe: two countries in two regions (one registered at
 * the start, one the universe may REGISTER), the SPG deciding by events (ENDORSE, SEND_BACK),
 * every strategic country event proposed, every routine one forwarded, reports, and malformed or
 * misrouted events. Every pillar invariant (`src/pillar/invariants.ts`) is checked on every
 * accepted edge; BFS makes each first violation a shortest counterexample. Bounded by depth: the
 * pillar's records only grow, so states are identified by what the guards and the invariants'
 * verdicts depend on (docs/verify.md).
 *
 * Only XState's public API: an actor restored from a persisted snapshot takes each event, and
 * `snapshot.can(event)` tells refusals apart without stepping.
 */
import { createActor } from 'xstate';
import { pillarMachine, type PillarMachine } from '../../machines/pillar.ts';
import type { CountryEvent } from '../../machines/country-types.ts';
import type { PillarEvent, PillarInput } from '../../machines/pillar-types.ts';
import { addMonths, type Doctrine, type Month } from '../domain/index.ts';
import {
  PILLAR_INVARIANTS,
  checkPillarState,
  checkPillarStep,
  type PillarInvariantId,
} from '../pillar/invariants.ts';
import { toPillarState, type PillarSnapshot, type PillarState } from '../pillar/state.ts';
import { getAbstractKey } from './abstraction.ts';
import type { CountryContext } from '../../machines/country-types.ts';
import type { StateValue } from 'xstate';

/** The countries of the universe: the first is registered at the start. */
export const PILLAR_UNIVERSE_COUNTRIES = [
  { country: 'Exemplar', region: 'africa', month: '2000-01' },
  { country: 'Otherland', region: 'europe-central-asia-americas', month: '2000-01' },
] as const;

export const DEFAULT_PILLAR_DEPTH = 4;

export interface PillarVerifyOptions {
  doctrine: Doctrine;
  machine?: PillarMachine;
  /** Longest event sequence explored (default 4). */
  maxDepth?: number;
  maxStates?: number;
  /** Stop once every edge as short as the first violation has been checked. */
  stopAtFirstViolation?: boolean;
}

export type PillarCheckId = PillarInvariantId | 'no-error';

export interface PillarFinding {
  id: PillarCheckId;
  message: string;
  /** The shortest event sequence from the start that breaks it. */
  events: PillarEvent[];
}

export interface PillarVerifyReport {
  machine: 'pillar';
  doctrine: Doctrine;
  /** True when every invariant holds on every explored edge and the depth bound was reached. */
  ok: boolean;
  complete: boolean;
  maxDepth: number;
  states: number;
  edges: number;
  refused: number;
  durationMs: number;
  statesPerSecond: number;
  input: PillarInput;
  checks: {
    id: PillarCheckId;
    description: string;
    holds: boolean;
    counterexample?: PillarFinding;
  }[];
}

interface PillarNode {
  persisted: unknown;
  parent: number;
  event: PillarEvent | null;
  depth: number;
}

/** The input every exploration starts from. */
export function getPillarVerifyInput(doctrine: Doctrine): PillarInput {
  const [first] = PILLAR_UNIVERSE_COUNTRIES;
  return {
    doctrine,
    autoDecide: false,
    countries: [{ country: first.country, region: first.region, month: first.month }],
  };
}

/** The events the universe offers in a pillar state. */
export function getPillarEvents(snapshot: PillarSnapshot): PillarEvent[] {
  const c = snapshot.context;
  const events: PillarEvent[] = [];
  const nextMonth = (country: string): Month => {
    const record = c.countries.find((r) => r.country === country);
    return addMonths(record?.month ?? '2000-01', 1);
  };
  const pendingCount = c.proposals.filter((p) => p.status === 'pending').length;
  for (const u of PILLAR_UNIVERSE_COUNTRIES) {
    events.push({ type: 'REGISTER', country: u.country, region: u.region, month: u.month });
  }
  for (const record of c.countries) {
    const country = record.country;
    const month = nextMonth(country);
    const strategic: CountryEvent[] = [
      { type: 'DEPLOY', month, presence: { name: 'A', kind: 'pko' } },
      { type: 'DEPLOY', month, presence: { name: 'A', kind: 'spm-political-process' } },
      { type: 'BEGIN_TRANSITION', month, presence: 'A' },
      { type: 'WITHDRAW', month, presence: 'A' },
      { type: 'FORCED_EXIT', month, cause: 'collapse' },
      { type: 'COMPLETE_HANDOVER', month },
      { type: 'RELAPSE', month },
    ];
    const routine: CountryEvent[] = [
      { type: 'RENEW_MANDATE', month, presence: 'A' },
      { type: 'DRAWDOWN', month, presence: 'A' },
      { type: 'ENGAGE_PREVENTION', month },
      { type: 'REQUEST_SERVICE', month, service: 'electoral-assistance' },
    ];
    // At most two proposals wait for the SPG at once: enough for one to overtake another.
    if (pendingCount < 2)
      for (const event of strategic) events.push({ type: 'PROPOSE', country, event });
    for (const event of routine) events.push({ type: 'COUNTRY', country, event });
    // Misrouted: a strategic event sent as routine, a routine one proposed.
    events.push({ type: 'COUNTRY', country, event: strategic[0] as CountryEvent });
    events.push({ type: 'PROPOSE', country, event: routine[0] as CountryEvent });
    events.push({ type: 'REPORT', country, month, text: 'situation report' });
    events.push({ type: 'COUNTRY.SETTLE', country });
  }
  const pending = c.proposals.find((p) => p.status === 'pending');
  if (pending) {
    events.push({ type: 'ENDORSE', proposal: pending.seq });
    events.push({ type: 'SEND_BACK', proposal: pending.seq, reason: 'not now' });
  }
  events.push({ type: 'ENDORSE', proposal: 999 });
  events.push({ type: 'SEND_BACK', proposal: pending?.seq ?? 1, reason: ' ' });
  return events;
}

/**
 * The abstract pillar state: the state value, each country's registration and its actor's
 * abstract state, the pending proposals and forwards (country, event). Left out: the records
 * that only grow (decisions, reports, inboxes, the clock), which no guard reads except to find
 * what is pending.
 */
export function getPillarKey(snapshot: PillarSnapshot): string {
  const c = snapshot.context;
  let key = JSON.stringify(snapshot.value);
  for (const record of c.countries) {
    const child = snapshot.children[record.actorId]?.getSnapshot() as
      { value: StateValue; context: CountryContext } | undefined;
    key += `|${record.country}:${record.region}:${record.phase}:${record.lead}:${child ? getAbstractKey(child, false) : '-'}`;
  }
  for (const p of c.proposals) {
    if (p.status === 'pending') key += `|P${p.country}:${JSON.stringify(p.event)}`;
  }
  for (const f of c.forwarded) {
    if (f.status === 'pending') key += `|F${f.country}:${f.event.type}`;
  }
  return key;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function verifyPillarMachine(options: PillarVerifyOptions): PillarVerifyReport {
  const t0 = performance.now();
  const machine = options.machine ?? pillarMachine;
  const maxDepth = options.maxDepth ?? DEFAULT_PILLAR_DEPTH;
  const maxStates = options.maxStates ?? 1_000_000;
  const input = getPillarVerifyInput(options.doctrine);
  const nodes: PillarNode[] = [];
  const seen = new Set<string>();
  const findings = new Map<PillarCheckId, PillarFinding>();
  let edges = 0;
  let refused = 0;
  let complete = true;

  const pathTo = (index: number, last: PillarEvent | null): PillarEvent[] => {
    const events: PillarEvent[] = last ? [last] : [];
    for (let i = index; i >= 0;) {
      const node = nodes[i] as PillarNode;
      if (node.event) events.unshift(node.event);
      i = node.parent;
    }
    return events;
  };
  const find = (id: PillarCheckId, message: string, from: number, event: PillarEvent | null) => {
    if (!findings.has(id)) findings.set(id, { id, message, events: pathTo(from, event) });
  };
  const restore = (persisted: unknown) => {
    const actor = createActor(machine, { snapshot: persisted } as never);
    actor.subscribe({ error: () => {} });
    return actor.start();
  };

  const first = createActor(machine, { input });
  first.subscribe({ error: () => {} });
  first.start();
  const start = first.getSnapshot();
  for (const v of checkPillarState(toPillarState(start))) find(v.id, v.message, -1, null);
  seen.add(getPillarKey(start));
  nodes.push({ persisted: first.getPersistedSnapshot(), parent: -1, event: null, depth: 0 });
  first.stop();

  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as PillarNode;
    if (options.stopAtFirstViolation && findings.size > 0) {
      const shortest = Math.min(...[...findings.values()].map((f) => f.events.length));
      if (node.depth + 1 > shortest) {
        complete = false;
        break;
      }
    }
    if (node.depth >= maxDepth) continue;
    const live = restore(node.persisted);
    const snapshot = live.getSnapshot();
    const before: PillarState = toPillarState(snapshot);
    live.stop();
    for (const event of getPillarEvents(snapshot)) {
      if (!snapshot.can(event)) {
        refused++;
        continue;
      }
      const actor = restore(node.persisted);
      const s0 = actor.getSnapshot();
      try {
        actor.send(event);
      } catch (error) {
        find('no-error', `threw: ${describeError(error)}`, i, event);
        actor.stop();
        continue;
      }
      const next = actor.getSnapshot();
      if (next.status !== 'active') {
        find('no-error', `status ${next.status}: ${describeError(next.error)}`, i, event);
        continue;
      }
      if (next === s0) {
        refused++;
        actor.stop();
        continue;
      }
      edges++;
      const after = toPillarState(next);
      for (const v of checkPillarStep({ index: node.depth, before, event, after, accepted: true }))
        find(v.id, v.message, i, event);
      const key = getPillarKey(next);
      if (!seen.has(key)) {
        if (nodes.length >= maxStates) complete = false;
        else {
          seen.add(key);
          nodes.push({
            persisted: actor.getPersistedSnapshot(),
            parent: i,
            event,
            depth: node.depth + 1,
          });
        }
      }
      actor.stop();
    }
    node.persisted = null;
  }
  const durationMs = performance.now() - t0;
  const descriptions = [
    ...PILLAR_INVARIANTS.map((inv) => ({
      id: inv.id,
      description: inv.description,
    })),
    { id: 'no-error' as const, description: 'no event makes the pillar throw or stop' },
  ];
  const checks = descriptions.map(({ id, description }) => {
    const finding = findings.get(id);
    return finding
      ? { id, description, holds: false, counterexample: finding }
      : { id, description, holds: true };
  });
  return {
    machine: 'pillar',
    doctrine: options.doctrine,
    ok: complete && checks.every((c) => c.holds),
    complete,
    maxDepth,
    states: nodes.length,
    edges,
    refused,
    durationMs,
    statesPerSecond: durationMs > 0 ? (nodes.length / durationMs) * 1000 : 0,
    input,
    checks,
  };
}

/** Plain-text report of a pillar exploration. */
export function formatPillarReport(report: PillarVerifyReport): string {
  const lines = [
    `pillar verify: machine pillar, doctrine ${report.doctrine}: ${report.ok ? 'OK' : 'FAILED'}`,
    `  states ${report.states}  edges ${report.edges}  refused ${report.refused}  depth bound ${report.maxDepth}  time ${(report.durationMs / 1000).toFixed(2)} s  ${Math.round(report.statesPerSecond)} states/s`,
    `  exploration ${report.complete ? 'complete to the depth bound' : 'INCOMPLETE (state limit reached)'}; countries ${PILLAR_UNIVERSE_COUNTRIES.map((c) => c.country).join(', ')} (the first registered at the start)`,
    '  always (checked on every edge):',
  ];
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const c of report.checks) {
    lines.push(
      c.holds
        ? `    ok   ${c.id}`
        : `    FAIL ${c.id.padEnd(width)}  -> ${c.counterexample?.events.length ?? '?'} event(s): ${c.counterexample?.message ?? ''}`,
    );
  }
  for (const c of report.checks) {
    if (c.holds || !c.counterexample) continue;
    lines.push('', `VIOLATION ${c.id} (${report.doctrine}): ${c.counterexample.message}`);
    c.counterexample.events.forEach((e, k) => lines.push(`  ${k + 1}. ${JSON.stringify(e)}`));
  }
  return `${lines.join('\n')}\n`;
}
