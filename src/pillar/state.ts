/** The pillar's observable state as plain JSON: its context plus what each country actor shows. */
import type { SnapshotFrom, StateValue } from 'xstate';
import type { PillarMachine } from '../../machines/pillar.ts';
import type { CountryContext, Handover, Phase } from '../../machines/country-types.ts';
import type { PillarContext, PillarEvent } from '../../machines/pillar-types.ts';
import type { LeadDepartment, RegionalTeam } from '../domain/index.ts';
import { getPhase } from '../country/state.ts';

export type PillarSnapshot = SnapshotFrom<PillarMachine>;

/** One country actor as the pillar invariants read it. */
export interface CountryActorView {
  actorId: string;
  country: string;
  team: RegionalTeam;
  phase: Phase;
  lead: LeadDepartment;
  informed: LeadDepartment;
  handovers: Handover[];
  caseFile: number;
}

export interface PillarState {
  value: StateValue;
  context: PillarContext;
  /** Every child country actor, keyed by actor id. */
  actors: Record<string, CountryActorView>;
}

/** One step of the pillar: state before, event, state after; `accepted` is false when refused. */
export interface PillarStep {
  index: number;
  before: PillarState;
  event: PillarEvent;
  after: PillarState;
  accepted: boolean;
}

/** Reads a pillar snapshot (and its children's snapshots) into plain JSON. */
export function toPillarState(snapshot: PillarSnapshot): PillarState {
  const actors: Record<string, CountryActorView> = {};
  for (const [id, child] of Object.entries(snapshot.children)) {
    const s = child?.getSnapshot() as { value: StateValue; context: CountryContext } | undefined;
    if (!s) continue;
    const c = s.context;
    actors[id] = {
      actorId: id,
      country: c.country,
      team: c.team,
      phase: getPhase(s.value),
      lead: c.lead,
      informed: c.informed,
      handovers: c.handovers,
      caseFile: c.caseFile.length,
    };
  }
  return { value: snapshot.value, context: snapshot.context, actors };
}
