/**
 * The abstract state the verifier deduplicates on: the state value plus the bounded part of the
 * context that guards, lead derivation, notices and the invariants read (presences with their
 * tasks and plans, the tasks pending). The unbounded part (month, case file, notices, handovers,
 * services, task handovers, orphaned tasks, plans kept in the record, `since` months, mandate
 * texts) is left out; every
 * concrete edge is still checked in full (docs/verify.md argues why that is enough).
 */
import type { StateValue } from 'xstate';
import { PHASES, type CountryContext } from '../../machines/country-types.ts';
import {
  DOCTRINES,
  LEAD_DEPARTMENTS,
  PRESENCE_KINDS,
  TASKS,
  TRANSITION_CAUSES,
  type LeadDepartment,
  type PresenceKind,
} from '../domain/index.ts';

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
    outgoing: [...c.outgoing],
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
 * One character for each word of the bounded vocabulary a key spells (kinds, departments, causes,
 * tasks, doctrines, tailorings, phases; characters from U+00C0 on, apart from the separators):
 * keys are hashed on every edge, and a key a third as long hashes and compares faster and takes
 * less memory. A word outside the vocabulary (a faulty machine's) is spelled out, quoted.
 */
const WORDS: ReadonlyMap<string, string> = new Map(
  [
    ...PRESENCE_KINDS,
    ...LEAD_DEPARTMENTS,
    ...TRANSITION_CAUSES,
    ...TASKS,
    ...DOCTRINES,
    ...PHASES,
    'mission',
    'non-mission',
  ].map((word, i) => [word, String.fromCharCode(0xc0 + i)]),
);

function word(text: unknown): string {
  const found = typeof text === 'string' ? WORDS.get(text) : undefined;
  if (found !== undefined) return found;
  // A faulty machine may put anything here: a string quoted, anything else marked with its type.
  return typeof text === 'string'
    ? JSON.stringify(text)
    : `?${typeof text}${JSON.stringify(String(text))}`;
}

/** State values are shared between the states of one state node: each is spelled once. */
const valueWords = new WeakMap<object, string>();

function valueWord(value: StateValue): string {
  if (typeof value === 'string') return word(value);
  let found = valueWords.get(value);
  if (found === undefined) {
    found = JSON.stringify(valueKey(value));
    valueWords.set(value, found);
  }
  return found;
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
  // Symmetric: each name becomes `#` and its rank of first appearance (a handful per state).
  const names: string[] = [];
  const id = (name: string): string => {
    if (!symmetric) return name;
    let rank = names.indexOf(name);
    if (rank < 0) rank = names.push(name) - 1;
    return RANKS[rank] ?? `#${rank}`;
  };
  const list = (items: readonly string[]): string => {
    let text = '';
    for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : ';') + id(items[i] as string);
    return text;
  };
  let key = word(c.doctrine) + valueWord(snapshot.value) + '|';
  for (const p of c.presences) {
    key += id(p.name) + ':' + word(p.kind) + (p.finalMandate === true ? '!' : '');
    // Tasks and the plan (its covered tasks and WPS element) are read by the task guards.
    const tasks = p.tasks;
    if (tasks !== undefined && tasks.length > 0) {
      key += '[';
      for (const task of tasks) key += word(task);
      key += ']';
    }
    if (p.exitCause !== undefined) key += '<' + word(p.exitCause);
    if (p.plan !== undefined) {
      key += '{';
      for (const task in p.plan.receivers) key += word(task);
      key += p.plan.gender ? '+' : '-';
    }
    key += ';';
  }
  for (const t of c.pendingTasks) key += '~' + id(t.presence) + ':' + word(t.task);
  // Whether there is a country team (a receiver); a team bounded by months would need the month.
  if (c.countryTeam === null) key += '|0';
  key += '|' + word(c.lead) + word(c.informed) + list(c.outgoing.toArray()) + '|';
  key += (c.transitionCause === null ? '-' : word(c.transitionCause)) + word(c.teamTailoring);
  key += word(c.informedOf.phase) + list(c.informedOf.presences.toArray()) + '|';
  return key + word(c.informedOf.lead);
}

const RANKS = Array.from({ length: 16 }, (_, i) => `#${i}`);
