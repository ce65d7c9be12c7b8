/**
 * Pillar invariants (DESIGN.md, "Pillar level"), in the shape of the country catalogue: an id, a
 * one-line description, and pure checks over a state or a step returning null when they hold or a
 * message naming what broke.
 */
import { createRegionalTeam, getOtherDepartment } from '../domain/index.ts';
import { getRegionalAsg } from '../domain/structure.ts';
import { getUsg, toActorId } from '../../machines/pillar-logic.ts';
import type { ForwardRecord } from '../../machines/pillar-types.ts';
import { findLostEntry, isDeepEqual } from '../invariants/equal.ts';
import type { PillarState, PillarStep } from './state.ts';
import { findStateViolations, findStepViolations, type CheckedInvariant } from '../kernel/check.ts';

export const PILLAR_INVARIANT_IDS = [
  'pillar-one-team',
  'pillar-handover-endorsed',
  'pillar-dual-reporting',
  'pillar-asg-portfolio',
] as const;
export type PillarInvariantId = (typeof PILLAR_INVARIANT_IDS)[number];

export interface PillarInvariant extends CheckedInvariant<PillarState, PillarStep> {
  id: PillarInvariantId;
}

function checkOneTeam({ context, actors }: PillarState): string | null {
  const seen = new Set<string>();
  for (const record of context.countries) {
    if (seen.has(record.actorId)) return `${record.country} is registered twice`;
    seen.add(record.actorId);
    const expected = createRegionalTeam(record.region, record.country);
    if (!isDeepEqual(record.team, expected)) {
      return `${record.country} has team ${record.team.id}, not ${expected.id}`;
    }
    if (record.actorId !== toActorId(record.country)) {
      return `${record.country} is bound to actor ${record.actorId}`;
    }
    const actor = actors[record.actorId];
    if (!actor) return `${record.country} has no country actor`;
    if (!isDeepEqual(actor.team, record.team)) {
      return `${record.country}'s actor has team ${actor.team.id}, the pillar ${record.team.id}`;
    }
  }
  const stray = Object.keys(actors).find((id) => !seen.has(id));
  return stray === undefined ? null : `country actor ${stray} is not registered`;
}

function checkTeamKept({ before, after }: PillarStep): string | null {
  for (const record of before.context.countries) {
    const later = after.context.countries.find((c) => c.country === record.country);
    if (!later) return `${record.country} was dropped from the registry`;
    if (!isDeepEqual(later.team, record.team) || later.region !== record.region) {
      return `${record.country}'s team changed from ${record.team.id} to ${later.team.id}`;
    }
  }
  return null;
}

function checkHandoversEndorsed({ context, actors }: PillarState): string | null {
  const changesOf = new Map<string, ForwardRecord[]>();
  for (const f of context.forwarded) {
    if (f.status !== 'taken' || f.leadAfter === null || f.leadAfter === f.leadBefore) continue;
    changesOf.set(f.country, [...(changesOf.get(f.country) ?? []), f]);
  }
  const decisionOf = new Map(context.decisions.map((d) => [d.proposal, d]));
  for (const record of context.countries) {
    const handovers = actors[record.actorId]?.handovers ?? [];
    const changes = changesOf.get(record.country) ?? [];
    if (handovers.length !== changes.length) {
      return `${record.country} shows ${handovers.length} handover(s) but the pillar forwarded ${changes.length} lead change(s)`;
    }
    for (const change of changes) {
      const decision = change.proposal === null ? undefined : decisionOf.get(change.proposal);
      if (change.proposal === null || !decision) {
        return `${record.country}: lead ${change.leadBefore} -> ${String(change.leadAfter)} by ${change.event.type} at ${change.event.month} without an SPG proposal`;
      }
      if (decision.decision !== 'endorsed') {
        return `${record.country}: ${change.event.type} at ${change.event.month} took effect though the SPG ${decision.decision} it`;
      }
      if (decision.tick >= change.tick) {
        return `${record.country}: ${change.event.type} at ${change.event.month} took effect before the SPG endorsed it`;
      }
    }
  }
  return null;
}

function checkDualReporting({ context }: PillarState): string | null {
  const bySeq = new Map(context.messages.map((m) => [m.seq, m]));
  const copies = new Map<string, number>();
  for (const usg of ['USG/DPPA', 'USG/DPO'] as const) {
    for (const held of context.inboxes[usg]) {
      const filed = bySeq.get(held.seq);
      if (!filed || !isDeepEqual(filed, held))
        return `${usg} holds report ${held.seq} that no ASG filed`;
      const key = `${usg}#${held.seq}`;
      copies.set(key, (copies.get(key) ?? 0) + 1);
    }
  }
  for (const message of context.messages) {
    if (message.to === message.cc)
      return `report ${message.seq} is addressed and copied to ${message.to}`;
    if (copies.get(`${message.to}#${message.seq}`) !== 1) {
      return `report ${message.seq} on ${message.country} did not reach ${message.to}`;
    }
    if (copies.get(`${message.cc}#${message.seq}`) !== 1) {
      return `report ${message.seq} on ${message.country} was not copied to ${message.cc}`;
    }
  }
  for (const f of context.forwarded) {
    if (f.status !== 'taken') continue;
    const report = f.report === null ? undefined : bySeq.get(f.report);
    if (!report || f.leadAfter === null)
      return `${f.country}: ${f.event.type} at ${f.event.month} was not reported`;
    const lead = getUsg(f.leadAfter);
    const other = getUsg(getOtherDepartment(f.leadAfter));
    if (report.to !== lead || report.cc !== other) {
      return `${f.country}: report ${report.seq} went to ${report.to} (cc ${report.cc}) while ${f.leadAfter} leads`;
    }
  }
  return null;
}

function checkMessagesKept({ before, after }: PillarStep): string | null {
  const lost = findLostEntry(before.context.messages, after.context.messages);
  if (lost >= 0) return `report ${lost + 1} was lost or altered`;
  const decision = findLostEntry(before.context.decisions, after.context.decisions);
  return decision >= 0 ? `SPG decision ${decision + 1} was lost or altered` : null;
}

function checkPortfolios({ context }: PillarState): string | null {
  for (const portfolio of context.portfolios) {
    const config = getRegionalAsg(context.structure, portfolio.region);
    if (!config || config.asg !== portfolio.asg)
      return `${portfolio.asg} is not the ASG of ${portfolio.region}`;
    const expected = context.countries
      .filter((c) => c.region === portfolio.region)
      .map((c) => c.country);
    if (!isDeepEqual([...portfolio.countries].sort(), [...expected].sort())) {
      return `${portfolio.asg} is responsible for [${portfolio.countries.join(', ')}], not [${expected.join(', ')}]`;
    }
  }
  for (const record of context.countries) {
    const holders = context.portfolios.filter((p) => p.countries.includes(record.country));
    if (holders.length !== 1) return `${record.country} is in ${holders.length} ASG portfolios`;
    if (record.asg !== holders[0]?.asg)
      return `${record.country} names ${record.asg} but sits with ${holders[0]?.asg}`;
  }
  for (const message of context.messages) {
    const record = context.countries.find((c) => c.country === message.country);
    if (!record || message.from !== record.asg) {
      return `report ${message.seq} on ${message.country} was filed by ${message.from}, not its regional ASG`;
    }
  }
  return null;
}

/** The pillar invariants, in the order of PILLAR_INVARIANT_IDS. */
export const PILLAR_INVARIANTS: readonly PillarInvariant[] = [
  {
    id: 'pillar-one-team',
    description:
      'every country has exactly one regional team, held by its one country actor, and it never changes',
    checkState: checkOneTeam,
    checkStep: checkTeamKept,
  },
  {
    id: 'pillar-handover-endorsed',
    description:
      'every change of lead in a country came from a proposal the SPG endorsed before it took effect',
    checkState: checkHandoversEndorsed,
  },
  {
    id: 'pillar-dual-reporting',
    description: 'every report of a regional ASG reached the lead USG and was copied to the other',
    checkState: checkDualReporting,
    checkStep: checkMessagesKept,
  },
  {
    id: 'pillar-asg-portfolio',
    description: 'the ASG of a region is responsible for exactly that region\u2019s countries',
    checkState: checkPortfolios,
  },
];

export interface PillarViolation {
  id: PillarInvariantId;
  message: string;
  /** Index of the step that broke it; -1 for the initial state. */
  step: number;
}

/** Every pillar invariant one step breaks (state checks on the state after the step). */
export function checkPillarStep(
  step: PillarStep,
  invariants: readonly PillarInvariant[] = PILLAR_INVARIANTS,
): PillarViolation[] {
  return findStepViolations(invariants, step).map((f) => ({ ...f, step: step.index }));
}

/** Every pillar invariant a state breaks. */
export function checkPillarState(
  state: PillarState,
  invariants: readonly PillarInvariant[] = PILLAR_INVARIANTS,
): PillarViolation[] {
  return findStateViolations(invariants, state).map((f) => ({ ...f, step: -1 }));
}
