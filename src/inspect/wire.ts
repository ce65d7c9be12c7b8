/**
 * XState inspection events made plain and small for the wire: actor references become session
 * ids, and contexts are trimmed (long arrays keep their last entries, long strings are cut, deep
 * objects end in a marker), so a snapshot of a long case file stays a few kilobytes.
 */
import type { InspectionEvent } from 'xstate';
import type { WireInspection } from './protocol.ts';

export interface CompactOptions {
  /** Entries kept at the end of a long array (default 20). */
  maxArray?: number;
  /** Characters kept of a long string (default 500). */
  maxString?: number;
  /** Depth below which objects are replaced by a marker (default 6). */
  maxDepth?: number;
}

/**
 * A plain-JSON copy of `value`, trimmed: an array longer than `maxArray` keeps its last entries
 * after a first item `"… n earlier"`; functions and symbols are dropped.
 */
export function compactValue(value: unknown, options: CompactOptions = {}, depth = 0): unknown {
  const maxArray = options.maxArray ?? 20;
  const maxString = options.maxString ?? 500;
  const maxDepth = options.maxDepth ?? 6;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    return value.length > maxString ? `${value.slice(0, maxString)}…` : value;
  }
  if (typeof value !== 'object') return undefined;
  if (depth >= maxDepth) return '…';
  // What writes itself to JSON (the context's presence lists) is sent as it writes itself.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return compactValue((value as { toJSON(): unknown }).toJSON(), options, depth);
  }
  if (Array.isArray(value)) {
    const kept = value.length > maxArray ? value.slice(value.length - maxArray) : value;
    const items = kept.map((item) => compactValue(item, options, depth + 1) ?? null);
    return value.length > maxArray ? [`… ${value.length - maxArray} earlier`, ...items] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const compact = compactValue(item, options, depth + 1);
    if (compact !== undefined) out[key] = compact;
  }
  return out;
}

interface RefLike {
  sessionId: string;
  logic?: unknown;
  _parent?: { sessionId: string };
}

function machineId(ref: RefLike): string | undefined {
  const logic = ref.logic as { id?: unknown } | undefined;
  return typeof logic?.id === 'string' ? logic.id.slice(0, 200) : undefined;
}

function eventType(event: unknown): string | undefined {
  const type = (event as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type.slice(0, 200) : undefined;
}

/**
 * One XState inspection event as the inspector's wire format. `withContext: false` leaves the
 * snapshot's context out (what the server relays to pages).
 */
export function toWireInspection(
  event: InspectionEvent,
  options: CompactOptions & { withContext?: boolean } = {},
): WireInspection {
  const ref = event.actorRef as unknown as RefLike;
  const root = (event as { rootId?: unknown }).rootId;
  const base: WireInspection = { type: event.type, sessionId: ref.sessionId.slice(0, 100) };
  if (typeof root === 'string') base.rootId = root.slice(0, 100);
  switch (event.type) {
    case '@xstate.actor': {
      const id = machineId(ref);
      return id === undefined ? base : { ...base, machineId: id };
    }
    case '@xstate.event': {
      const type = eventType(event.event);
      const wire: WireInspection = { ...base, event: compactValue(event.event, options) };
      return type === undefined ? wire : { ...wire, eventType: type };
    }
    case '@xstate.snapshot': {
      const snapshot = event.snapshot as { value?: unknown; status?: unknown; context?: unknown };
      const wire: WireInspection = { ...base, value: compactValue(snapshot.value, options) };
      const type = eventType(event.event);
      if (type !== undefined) wire.eventType = type;
      if (typeof snapshot.status === 'string') wire.status = snapshot.status.slice(0, 20);
      if (options.withContext !== false && snapshot.context !== undefined) {
        wire.context = compactValue(snapshot.context, options);
      }
      return wire;
    }
    case '@xstate.microstep': {
      const type = eventType(event.event);
      const value = (event.snapshot as { value?: unknown }).value;
      const wire: WireInspection = { ...base, value: compactValue(value, options) };
      return type === undefined ? wire : { ...wire, eventType: type };
    }
    case '@xstate.action': {
      const type = eventType(event.action);
      return type === undefined ? base : { ...base, action: type };
    }
    default:
      return base;
  }
}

/** The same event without its context: what pages receive. */
export function withoutContext(event: WireInspection): WireInspection {
  if (event.context === undefined && event.event === undefined) return event;
  const copy: WireInspection = { ...event };
  delete copy.context;
  delete copy.event;
  return copy;
}
