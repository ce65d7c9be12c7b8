/**
 * The abstract state the verifier deduplicates on: the state value plus the bounded part of the
 * context that guards, lead derivation, notices and the invariants read (presences with their
 * tasks and plans, the tasks pending). The unbounded part (month, case file, notices, handovers,
 * services, task handovers, orphaned tasks, plans kept in the record, `since` months, mandate
 * texts) is left out; every
 * concrete edge is still checked in full (docs/verify.md argues why that is enough).
 */
import type { StateValue } from 'xstate';
import type { CountryContext } from '../../machines/country-types.ts';
import type { LeadDepartment, PresenceKind } from '../domain/index.ts';

/** The bounded view of one country state, as JSON. */
export interface AbstractState {
  value: StateValue;
  presences: { name: string; kind: PresenceKind; finalMandate: boolean }[];
  lead: LeadDepartment;
  informed: LeadDepartment;
  outgoing: string[];
  transitionCause: CountryContext['transitionCause'];
  teamTailoring: CountryContext['teamTailoring'];
  informedOf: CountryContext['informedOf'];
}

export function toAbstractState(snapshot: {
  value: StateValue;
  context: CountryContext;
}): AbstractState {
  const c = snapshot.context;
  return {
    value: snapshot.value,
    presences: c.presences.map((p) => ({
      name: p.name,
      kind: p.kind,
      finalMandate: p.finalMandate === true,
    })),
    lead: c.lead,
    informed: c.informed,
    outgoing: c.outgoing,
    transitionCause: c.transitionCause,
    teamTailoring: c.teamTailoring,
    informedOf: c.informedOf,
  };
}

function valueKey(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([k, v]) => (v === undefined ? k : `${k}.${valueKey(v)}`))
    .join(',');
}

/**
 * A compact string key of the abstract state (built by hand: it is computed on every edge and
 * JSON.stringify of the whole view costs more). Two snapshots get the same key exactly when
 * their abstract states are equal. Presence order is kept: notices compare ordered name lists.
 */
export function getAbstractKey(
  snapshot: { value: StateValue; context: CountryContext },
  symmetric = true,
): string {
  const c = snapshot.context;
  const ids = new Map<string, string>();
  const id = (name: string): string => {
    if (!symmetric) return name;
    let found = ids.get(name);
    if (found === undefined) {
      found = `#${ids.size}`;
      ids.set(name, found);
    }
    return found;
  };
  let key = `${c.doctrine}|${valueKey(snapshot.value)}|`;
  for (const p of c.presences) {
    key += `${id(p.name)}:${p.kind}${p.finalMandate === true ? '!' : ''}`;
    // Tasks and the plan (its covered tasks and WPS element) are read by the task guards.
    if (p.tasks !== undefined && p.tasks.length > 0) key += `[${p.tasks.join(',')}]`;
    if (p.exitCause !== undefined) key += `<${p.exitCause}>`;
    if (p.plan !== undefined) {
      key += `{${Object.keys(p.plan.receivers).join(',')}${p.plan.gender ? '+' : '-'}}`;
    }
    key += ';';
  }
  for (const t of c.pendingTasks) key += `~${id(t.presence)}:${t.task}`;
  // Whether there is a country team (a receiver); a team bounded by months would need the month.
  if (c.countryTeam === null) key += '|no-team';
  key += `|${c.lead}|${c.informed}|${c.outgoing.map(id).join(';')}|${c.transitionCause ?? '-'}`;
  key += `|${c.teamTailoring}|${c.informedOf.phase}:${c.informedOf.presences.map(id).join(';')}`;
  return `${key}:${c.informedOf.lead}`;
}
