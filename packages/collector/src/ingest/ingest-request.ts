import type { Taxonomy } from '@taxon/taxonomy';
import { message } from '../lib/message.js';
import type { NewEvent } from '../store/event-store.js';
import { checkRequest, type CheckedEvent, type CheckedRequest } from '../validate/check-request.js';
import type { ValidationMessage } from '../validation-message.js';
import { makeStorable, storableText } from './make-storable.js';

/** GA4's body limit; larger bodies are not parsed at all. */
const MAX_BODY_BYTES = 130_000;

/** How a request body was read, before any event in it was checked. */
export type BodyOutcome = 'parsed' | 'unparseable' | 'too_large';

/** One received request, judged event by event. */
export interface IngestedRequest {
  outcome: BodyOutcome;
  /** One row per received event (one bad placeholder for a body without readable events). */
  rows: NewEvent[];
  /** Every validation message, request-level first: what `/debug/mp/collect` answers. */
  messages: ValidationMessage[];
  /** The request's client id as stored, for the log. */
  clientId: string | undefined;
  /** How many of the events had to be changed to be stored (see `makeStorable`). */
  madeStorable: number;
}

/** What {@link ingestRequest} reads. */
export interface ReceivedBody {
  text: string;
  /** The body's size in bytes as received. */
  bytes: number;
  /** True when the body was larger than the collector reads; `text` is then incomplete. */
  truncated: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function placeholder(reasons: ValidationMessage[], measurementId: string | undefined): NewEvent {
  return {
    status: 'bad', name: '', params: {}, clientId: undefined, userId: undefined, sessionId: undefined,
    userProperties: undefined, measurementId, time: undefined, reasons,
  };
}

function sessionOf(params: Record<string, unknown>): string | undefined {
  const session = params['session_id'];
  return typeof session === 'string' || typeof session === 'number' ? String(session) : undefined;
}

// A time PostgreSQL cannot take (an invalid Date) is stored as the receive time.
function storableTime(time: Date | undefined): Date | undefined {
  return time !== undefined && Number.isFinite(time.getTime()) ? time : undefined;
}

/** The `events[i]` prefix of a message of a single-event check, renumbered to the request's index. */
function renumber(reasons: readonly ValidationMessage[], index: number): ValidationMessage[] {
  return reasons.map((m) => ({ ...m, fieldPath: m.fieldPath.replace(/^events\[0\]/, `events[${index}]`) }));
}

/**
 * The checker judges the whole request (it needs all of it for request-level rules such as the
 * event count). Should it fail on some input, each event is judged alone, so one event the
 * checker cannot handle never costs its neighbours.
 */
function check(taxonomy: Taxonomy, body: Record<string, unknown>, text: string, bytes: number, now: number): CheckedRequest {
  try {
    return checkRequest(taxonomy, text, bytes, now);
  } catch {
    const events = Array.isArray(body['events']) ? (body['events'] as unknown[]) : [];
    const alone = (events: unknown[]) => checkRequest(taxonomy, JSON.stringify({ ...body, events }), bytes, now);
    let shared: CheckedRequest;
    try {
      shared = alone([]);
    } catch {
      shared = { clientId: undefined, userId: undefined, userProperties: undefined, events: [], messages: [] };
    }
    const checked: CheckedEvent[] = events.map((raw, index) => {
      try {
        const one = alone([raw]).events[0]!;
        return { ...one, reasons: renumber(one.reasons, index) };
      } catch {
        // Its params are not stored: they were never scanned for personal data.
        const reason = message(`events[${index}]`, 'VALUE_INVALID', 'The event could not be validated; its params are not stored.');
        return { name: '', params: {}, time: undefined, reasons: [reason] };
      }
    });
    return { ...shared, events: checked, messages: checked.flatMap((e) => e.reasons) };
  }
}

/**
 * Judges each event of a Measurement Protocol request on its own and returns the rows to store:
 * valid events good; invalid ones bad with their reasons, made storable first (see
 * `makeStorable`). A body that cannot be read as JSON, or one larger than GA4 accepts, becomes
 * one bad placeholder row, so nothing received disappears silently. Never throws on content.
 */
export function ingestRequest(
  taxonomy: Taxonomy,
  received: ReceivedBody,
  measurementId: string | undefined,
  now: number,
): IngestedRequest {
  const mid = measurementId === undefined ? undefined : storableText(measurementId);
  if (received.truncated) {
    const tooLarge = message('', 'VALUE_OUT_OF_BOUNDS',
      `The request body is ${received.bytes} bytes; GA4 accepts at most ${MAX_BODY_BYTES}. It was not read.`);
    return { outcome: 'too_large', rows: [placeholder([tooLarge], mid)], messages: [tooLarge], clientId: undefined, madeStorable: 0 };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(received.text);
  } catch (error) {
    // V8's syntax messages quote the body (which may hold personal data): only the position is kept.
    const position = error instanceof SyntaxError ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
    const where = position === undefined ? '' : ` (a syntax error at character ${position})`;
    const problem = message('', 'VALUE_INVALID', `The body is not JSON${where}; expected { client_id, events }.`);
    return { outcome: 'unparseable', rows: [placeholder([problem], mid)], messages: [problem], clientId: undefined, madeStorable: 0 };
  }
  if (!isRecord(parsed)) {
    const problem = message('', 'VALUE_INVALID', 'The body must be a JSON object { client_id, events }.');
    return { outcome: 'unparseable', rows: [placeholder([problem], mid)], messages: [problem], clientId: undefined, madeStorable: 0 };
  }

  // Made storable before it is checked: the checker sees only what can be stored. Request
  // fields and each event are made storable apart, so a problem is charged to its own event.
  const rawEvents = Array.isArray(parsed['events']) ? (parsed['events'] as unknown[]) : undefined;
  const fields = Object.fromEntries(Object.entries(parsed).filter(([key]) => rawEvents === undefined || key !== 'events'));
  const request = makeStorable(fields, '');
  const requestProblems = request.problems;
  const body = request.value as Record<string, unknown>;
  const eventProblems: ValidationMessage[][] = [];
  if (rawEvents !== undefined) {
    body['events'] = rawEvents.map((event, index) => {
      const storable = makeStorable(event, `events[${index}]`);
      eventProblems[index] = storable.problems;
      return storable.value;
    });
  }

  // Unchanged content is checked as received (the checker reports what it finds, e.g. 1e999).
  const unchanged = requestProblems.length === 0 && eventProblems.every((p) => p.length === 0);
  const checked = check(taxonomy, body, unchanged ? received.text : JSON.stringify(body), received.bytes, now);
  const rows: NewEvent[] = checked.events.map((e, index) => {
    // Request-level problems are reasons of every event, as the checker's own are.
    const reasons = [...requestProblems, ...e.reasons, ...(eventProblems[index] ?? [])];
    return {
      status: reasons.length === 0 ? 'good' : 'bad',
      name: e.name,
      params: e.params,
      clientId: checked.clientId,
      userId: checked.userId,
      sessionId: sessionOf(e.params),
      userProperties: checked.userProperties,
      measurementId: mid,
      time: storableTime(e.time),
      reasons,
    };
  });
  if (rows.length === 0 && requestProblems.length > 0) rows.push(placeholder(requestProblems, mid));
  const messages = [...requestProblems, ...checked.messages, ...eventProblems.flat()];
  const madeStorable = requestProblems.length > 0 ? rows.length : eventProblems.filter((p) => p.length > 0).length;
  return { outcome: 'parsed', rows, messages, clientId: checked.clientId, madeStorable };
}
