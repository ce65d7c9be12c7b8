/**
 * Reading an event once: whatever comes in (from a file, a browser, a fuzzer, a Proxy with
 * getters) is read field by field into a plain object, and only that copy is checked and sent.
 * A getter that throws or answers differently on each read cannot change the event between the
 * check and the step, and nothing thrown while reading escapes.
 */
import type { CountryEvent, PresenceInput } from '../../machines/country-types.ts';
import { getPayloadError } from '../../machines/country-logic.ts';

/** An event read into a plain copy, or why it could not be. */
export type ReadEvent = { event: CountryEvent; error: null } | { event: null; error: string };

/** Optional fields of the events (besides `type`, `month` and `presence`). */
const OPTIONAL_TEXT = ['mandate', 'reason', 'cause', 'service', 'gender', 'task', 'to'] as const;
/** Optional fields of a deployed presence (`PresenceInput`). */
const PRESENCE_OPTIONAL = [
  'mandate',
  'backstop',
] as const satisfies readonly (keyof PresenceInput)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields an event may carry, each read exactly once; anything else is left behind. */
function copyEvent(source: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { type: source.type, month: source.month };
  const presence = source.presence;
  if (isObject(presence)) {
    const inner: Record<string, unknown> = { name: presence.name, kind: presence.kind };
    // The optional fields of PresenceInput (machines/country-types.ts), each read once.
    for (const key of PRESENCE_OPTIONAL) {
      const value = presence[key];
      if (value !== undefined) inner[key] = value;
    }
    const tasks = presence.tasks;
    if (tasks !== undefined) inner.tasks = copyList(tasks);
    copy.presence = inner;
  } else if (presence !== undefined) {
    copy.presence = presence;
  }
  for (const key of OPTIONAL_TEXT) {
    const value = source[key];
    if (value !== undefined) copy[key] = value;
  }
  const handover = source.handover;
  if (handover !== undefined) copy.handover = copyMapping(handover);
  return copy;
}

/** A list read once, element by element (at most 10,000); anything else is kept for the check to refuse. */
function copyList(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const length = Math.min(value.length, 10_000);
  const copy: unknown[] = [];
  for (let i = 0; i < length; i++) copy.push(value[i] as unknown);
  return copy;
}

/** A plain mapping read once, own keys only (at most 1,000); anything else is kept for the check to refuse. */
function copyMapping(value: unknown): unknown {
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = {};
  // Own properties even for `__proto__`: the check then refuses that key as an unknown task
  // instead of it setting the copy's prototype.
  for (const key of Object.keys(value).slice(0, 1000)) {
    Object.defineProperty(copy, key, {
      value: value[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * Reads `input` once into a plain event and checks it. Never throws: an object whose getters
 * throw, a revoked Proxy or a non-object gives an error message instead.
 */
export function readEvent(input: unknown): ReadEvent {
  let copy: Record<string, unknown>;
  try {
    if (!isObject(input)) {
      return { event: null, error: getPayloadError(input) ?? 'an event must be an object' };
    }
    copy = copyEvent(input);
  } catch (error) {
    return { event: null, error: `the event could not be read: ${describeError(error)}` };
  }
  const error = getPayloadError(copy);
  return error === null
    ? { event: copy as unknown as CountryEvent, error: null }
    : { event: null, error };
}

/** A short message for anything thrown (an Error, a string, or anything else). */
export function describeError(error: unknown): string {
  try {
    const text = error instanceof Error ? error.message : String(error);
    return text.length > 200 ? `${text.slice(0, 200)}...` : text;
  } catch {
    return 'an unreadable error';
  }
}
