/**
 * Counterexamples: the shortest event sequence breaking a check, as a trace a person can read, a
 * file an inspector can load, and a one-line command that replays it.
 */
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { Doctrine } from '../domain/index.ts';
import type { CountryState } from '../country/state.ts';
import { getPathTo, type CheckId, type Exploration, type Finding } from './explore.ts';

/** The violation a trace ends in. */
export interface TraceViolation {
  id: CheckId;
  message: string;
  /** Index in `events` of the event that broke it; -1 when the starting state does. */
  step: number;
}

/** A replayable trace: `states[0]` is the starting state, `states[i + 1]` follows `events[i]`. */
export interface VerifyTrace {
  machine: 'country';
  doctrine: Doctrine;
  start: string;
  input: CountryInput;
  events: CountryEvent[];
  states: CountryState[];
  violation: TraceViolation;
}

export function buildTrace(exploration: Exploration, finding: Finding): VerifyTrace {
  const start =
    finding.from >= 0 ? (exploration.nodes[finding.from]?.start ?? finding.start) : finding.start;
  const path =
    finding.from >= 0
      ? getPathTo(exploration, finding.from)
      : { events: [] as CountryEvent[], states: [] };
  const events = finding.event ? [...path.events, finding.event] : path.events;
  const states = [...path.states, finding.after];
  return {
    machine: 'country',
    doctrine: exploration.doctrine,
    start: exploration.starts[start]?.id ?? String(start),
    input: exploration.inputs[start] as CountryInput,
    events,
    states,
    violation: {
      id: finding.id,
      message: finding.message,
      step: finding.event ? events.length - 1 : -1,
    },
  };
}

/** Single-quoted for a POSIX shell (the universe's names hold no quote, but be safe). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A command that replays the trace with the real machine, without needing a file. */
export function getReplayCommand(
  trace: Pick<VerifyTrace, 'doctrine' | 'input' | 'events'>,
): string {
  const inline = JSON.stringify({
    doctrine: trace.doctrine,
    input: trace.input,
    events: trace.events,
  });
  return `pillar verify --replay ${shellQuote(inline)}`;
}
