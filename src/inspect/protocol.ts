/**
 * The inspector's WebSocket protocol: what a page and an attached program may send (zod schemas,
 * checked on every message) and what the server sends back. Everything is plain JSON.
 *
 * Two kinds of client connect: pages (`/ws`), which drive the server's session and watch it,
 * and programs (`/ws/source`), which stream the inspection events of their own actors.
 */
import { z } from 'zod';
import { EXIT_CAUSES, type CountryEventType } from '../../machines/country-types.ts';
import { COUNTRY_EVENT_TYPES } from '../../machines/country-types.ts';
import { DOCTRINES, PRESENCE_KINDS, REGIONS, SERVICES, TASKS } from '../domain/index.ts';

/** Largest message a page may send; a larger one gets an error reply. */
export const MAX_PAGE_MESSAGE_BYTES = 64 * 1024;
/** Most events in a trace a page loads. */
export const MAX_TRACE_EVENTS = 1000;
/** Largest message a program may send (a batch of inspection events). */
export const MAX_SOURCE_MESSAGE_BYTES = 1024 * 1024;
/** Most inspection events in one batch from a program. */
export const MAX_BATCH_EVENTS = 2000;
/**
 * Deepest nesting of arrays and objects a message may have, checked on the raw text before any
 * JSON.parse: a deeper one (a 20,000-deep `value` is 40 KB) would overflow the stack later, in
 * JSON.stringify. The sink trims contexts to depth 6, so real batches stay far below.
 */
export const MAX_MESSAGE_DEPTH = 64;

const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const NameSchema = z.string().trim().min(1).max(120);
const TextSchema = z.string().max(300);
const EVENT_TYPES = COUNTRY_EVENT_TYPES as [CountryEventType, ...CountryEventType[]];

/**
 * The payload form of the page: every field optional; the server fills the rest from the
 * current state (month: the country's month; presence: its first mission...).
 */
export const DraftSchema = z
  .object({
    month: MonthSchema.optional(),
    presence: NameSchema.optional(),
    newName: NameSchema.optional(),
    kind: z.enum(PRESENCE_KINDS).optional(),
    mandate: TextSchema.optional(),
    cause: z.enum(EXIT_CAUSES).optional(),
    service: z.enum(SERVICES).optional(),
    reason: TextSchema.optional(),
    task: z.enum(TASKS).optional(),
    /** HAND_OVER_TASK's receiver; for ADOPT_PLAN, the receiver of every task `plan` leaves out. */
    to: NameSchema.optional(),
    /** ADOPT_PLAN: a receiver per task. */
    plan: z.partialRecord(z.enum(TASKS), NameSchema).optional(),
    /** ADOPT_PLAN: whether the plan names its women, peace and security element. */
    gender: z.boolean().optional(),
  })
  .strict();
export type Draft = z.infer<typeof DraftSchema>;

/** A bundled scenario id: never a path (a page cannot make the server read a file). */
const ScenarioIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a bundled scenario id');

/** Messages from a page. `id`, when given, is echoed in the reply. */
export const PageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('draft'), draft: DraftSchema }).strict(),
  z
    .object({
      type: z.literal('send'),
      eventType: z.enum(EVENT_TYPES),
      draft: DraftSchema.optional(),
      id: z.number().int().nonnegative().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('event'),
      event: z.record(z.string(), z.unknown()),
      id: z.number().int().nonnegative().optional(),
    })
    .strict(),
  z.object({ type: z.literal('seek'), month: MonthSchema }).strict(),
  z.object({ type: z.literal('reset') }).strict(),
  z
    .object({
      type: z.literal('load'),
      scenario: ScenarioIdSchema.nullable(),
      doctrine: z.enum(DOCTRINES).optional(),
    })
    .strict(),
  z.object({ type: z.literal('ping'), id: z.number().int().nonnegative().optional() }).strict(),
  // Time travel (issue 13): undo/redo/goto in a free session, a trace out and in.
  z.object({ type: z.literal('undo') }).strict(),
  z.object({ type: z.literal('redo') }).strict(),
  z.object({ type: z.literal('goto'), step: z.number().int().nonnegative().max(100_000) }).strict(),
  z.object({ type: z.literal('trace') }).strict(),
  z
    .object({
      type: z.literal('loadTrace'),
      trace: z
        .object({
          doctrine: z.enum(DOCTRINES).optional(),
          input: z
            .object({
              country: NameSchema,
              region: z.enum(REGIONS),
              doctrine: z.enum(DOCTRINES).optional(),
            })
            .passthrough(),
          events: z.array(z.record(z.string(), z.unknown())).max(MAX_TRACE_EVENTS),
        })
        .passthrough(),
    })
    .strict(),
]);
export type PageMessage = z.infer<typeof PageMessageSchema>;

export const INSPECTION_TYPES = [
  '@xstate.actor',
  '@xstate.event',
  '@xstate.snapshot',
  '@xstate.microstep',
  '@xstate.action',
  '@xstate.transition',
] as const;

/** One XState inspection event, made plain and small by `toWireInspection`. */
export const WireInspectionSchema = z
  .object({
    type: z.enum(INSPECTION_TYPES),
    sessionId: z.string().max(100),
    rootId: z.string().max(100).optional(),
    machineId: z.string().max(200).optional(),
    eventType: z.string().max(200).optional(),
    event: z.unknown().optional(),
    value: z.unknown().optional(),
    status: z.string().max(20).optional(),
    context: z.unknown().optional(),
    action: z.string().max(200).optional(),
  })
  .strict();
export type WireInspection = z.infer<typeof WireInspectionSchema>;

/**
 * Messages from a program. `first` is the program's number of the batch's first event; events
 * are numbered consecutively from 1, so the server notices a gap. `dropped` counts events the
 * program's own bounded queue had to drop.
 */
export const SourceMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('batch'),
      first: z.number().int().positive(),
      events: z.array(WireInspectionSchema).min(1).max(MAX_BATCH_EVENTS),
      dropped: z.number().int().nonnegative().optional(),
    })
    .strict(),
  z.object({ type: z.literal('ping'), id: z.number().int().nonnegative().optional() }).strict(),
]);
export type SourceMessage = z.infer<typeof SourceMessageSchema>;

/** What the server tells a program or a page about a message it could not take. */
export interface ErrorReply {
  type: 'error';
  message: string;
  id?: number;
}

/**
 * Turns zod's issues into one line naming the field path: `send.eventType: Invalid option...`.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The deepest nesting of `[` and `{` in JSON text (brackets inside strings do not count),
 * scanning no further than `stopAbove`: one pass, no recursion, no allocation.
 */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Parses a raw WebSocket message: size, then nesting depth (on the text, before JSON.parse),
 * JSON, then schema. Never throws.
 */
export function parseMessage<T>(
  raw: string,
  schema: z.ZodType<T>,
  maxBytes: number,
  maxDepth = MAX_MESSAGE_DEPTH,
): { ok: true; message: T } | { ok: false; error: string; id?: number } {
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > maxBytes) {
    return { ok: false, error: `message too large: ${bytes} bytes (limit ${maxBytes})` };
  }
  if (jsonDepth(raw, maxDepth) > maxDepth) {
    return { ok: false, error: `message nested too deep (limit ${maxDepth} levels)` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(data);
  } catch {
    return { ok: false, error: 'invalid message' };
  }
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = (data as { id?: unknown } | null)?.id;
  const error = `invalid message: ${describeIssues(parsed.error)}`;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0
    ? { ok: false, error, id }
    : { ok: false, error };
}
