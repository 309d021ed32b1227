import { describeName, setData } from '@taxon/core';
import type { Taxonomy } from '@taxon/taxonomy';
import { dataRecord } from '../lib/data-record.js';
import { message } from '../lib/message.js';
import type { ValidationMessage } from '../validation-message.js';
import { eventMessages, eventTime, requestMessages } from './ga4-rules.js';
import { scanParams, scanString } from './pii-scan.js';
import { taxonomyMessages } from './taxonomy-rules.js';

/** One event of a request, checked: what to store, and why it is bad (empty when good). */
export interface CheckedEvent {
  /** The event name (scrubbed when it held personal data; `''` when absent). */
  name: string;
  /** The params to store: as received for a clean event, scrubbed where PII was found. */
  params: Record<string, unknown>;
  /** From the event's or the request's `timestamp_micros`; undefined means "when received". */
  time: Date | undefined;
  reasons: ValidationMessage[];
}

/** A whole Measurement Protocol request, checked. */
export interface CheckedRequest {
  /** `client_id` (or `app_instance_id`); scrubbed when it held personal data. */
  clientId: string | undefined;
  /** `user_id`; scrubbed when it held personal data. */
  userId: string | undefined;
  /** `user_properties`, string values scrubbed where PII was found. */
  userProperties: Record<string, unknown> | undefined;
  /** Each event with its reasons, request-level reasons included; good when it has none. */
  events: CheckedEvent[];
  /** Every message, request-level first: what `/debug/mp/collect` answers. */
  messages: ValidationMessage[];
}

function parseBody(text: string): { body: Record<string, unknown> } | { problem: ValidationMessage } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: message('', 'VALUE_INVALID', `The body is not JSON (${(error as Error).message}).`) };
  }
  if (!isRecord(value)) {
    return { problem: message('', 'VALUE_INVALID', 'The body must be a JSON object { client_id, events }.') };
  }
  return { body: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function idOf(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function scanUserProperties(props: Record<string, unknown>, messages: ValidationMessage[]): Record<string, unknown> {
  const out: Record<string, unknown> = dataRecord();
  for (const [name, entry] of Object.entries(props)) {
    const path = `user_properties.${describeName(name)}.value`;
    const inner = isRecord(entry) ? entry['value'] : entry;
    setData(out, name, typeof inner === 'string' ? { value: scanString(inner, path, false, messages) } : entry);
  }
  return out;
}

function checkEvent(taxonomy: Taxonomy, raw: unknown, index: number, now: number): CheckedEvent {
  const base = `events[${index}]`;
  const reasons = eventMessages(raw, index, now);
  const record = isRecord(raw) ? raw : {};
  const rawName = typeof record['name'] === 'string' ? record['name'] : '';
  const rawParams = isRecord(record['params']) ? record['params'] : {};
  const nameFound: ValidationMessage[] = [];
  const name = rawName === '' ? '' : scanString(rawName, `${base}.name`, false, nameFound);
  // A name GA4 refuses (or one holding PII) is not looked up in the taxonomy.
  if (rawName !== '' && nameFound.length === 0 && !reasons.some((m) => m.fieldPath === `${base}.name`)) {
    reasons.push(...taxonomyMessages(taxonomy, rawName, rawParams, index));
  }
  const scan = scanParams(taxonomy, rawParams, base);
  reasons.push(...nameFound, ...scan.messages);
  const badTime = reasons.some((m) => m.fieldPath === `${base}.timestamp_micros`);
  return { name, params: scan.params, time: badTime ? undefined : eventTime(record['timestamp_micros']), reasons };
}

/**
 * Checks a Measurement Protocol request body against GA4's rules, the taxonomy and the PII
 * scanner. Request-level problems are reasons of every event. A body that is not JSON, or a bad
 * request without events, yields one bad placeholder event (name `''`), so nothing received
 * disappears silently.
 */
export function checkRequest(taxonomy: Taxonomy, text: string, bytes: number, now: number): CheckedRequest {
  const parsed = parseBody(text);
  if ('problem' in parsed) {
    const placeholder = { name: '', params: {}, time: undefined, reasons: [parsed.problem] };
    return { clientId: undefined, userId: undefined, userProperties: undefined, events: [placeholder], messages: [parsed.problem] };
  }
  const { body } = parsed;
  const shared = requestMessages(body, bytes, now);
  const idKey = idOf(body, 'client_id') !== undefined ? 'client_id' : 'app_instance_id';
  const rawClient = idOf(body, idKey);
  const clientId = rawClient === undefined ? undefined : scanString(rawClient, idKey, true, shared);
  const rawUser = idOf(body, 'user_id');
  const userId = rawUser === undefined ? undefined : scanString(rawUser, 'user_id', true, shared);
  const props = body['user_properties'];
  const userProperties = isRecord(props) ? scanUserProperties(props, shared) : undefined;
  const badTime = shared.some((m) => m.fieldPath === 'timestamp_micros');
  const requestTime = badTime ? undefined : eventTime(body['timestamp_micros']);

  const rawEvents = Array.isArray(body['events']) ? (body['events'] as unknown[]) : [];
  const checked = rawEvents.map((raw, index) => checkEvent(taxonomy, raw, index, now));
  const events = checked.map((e) => ({ ...e, time: e.time ?? requestTime, reasons: [...shared, ...e.reasons] }));
  if (events.length === 0 && shared.length > 0) events.push({ name: '', params: {}, time: undefined, reasons: shared });
  const messages = [...shared, ...checked.flatMap((e) => e.reasons)];
  return { clientId, userId, userProperties, events, messages };
}
