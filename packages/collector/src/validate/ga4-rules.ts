import { AUTOMATIC_PARAMS, describeName, describeValue, GA4_LIMITS, GA4_NAME_PATTERN, ga4ValueLimit, MP_BODY_FIELDS, MP_LIMITS, RESERVED_EVENT_NAMES, reservedPrefixOf } from '@taxon/core';
import { message } from '../lib/message.js';
import type { ValidationMessage } from '../validation-message.js';

/** Reserved names a runtime sends itself: `page_view` is accepted as a built-in event. */
const ALLOWED_RESERVED = new Set(['page_view']);

/** GA4's naming rules for an event, param or user property name. */
export function nameMessages(name: string, fieldPath: string, what: string, max: number): ValidationMessage[] {
  const shown = describeName(name);
  if (name.length === 0) return [message(fieldPath, 'VALUE_REQUIRED', `The ${what} is empty.`)];
  const prefix = reservedPrefixOf(name);
  if (prefix) {
    return [message(fieldPath, 'NAME_RESERVED', `The ${what} "${shown}" starts with the reserved prefix "${prefix}".`)];
  }
  if (name.length > max) {
    return [message(fieldPath, 'NAME_INVALID', `The ${what} "${shown}" is ${name.length} characters; GA4 allows ${max}.`)];
  }
  if (!GA4_NAME_PATTERN.test(name)) {
    const rule = 'names start with a letter and use only letters, digits and underscores';
    return [message(fieldPath, 'NAME_INVALID', `The ${what} "${shown}" is invalid: ${rule}.`)];
  }
  return [];
}

function toMicros(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

function eventTimeMessages(value: unknown, fieldPath: string, now: number): ValidationMessage[] {
  const micros = toMicros(value);
  if (typeof micros !== 'number' || !Number.isFinite(micros) || micros < 0) {
    const description = `Expected microseconds since the Unix epoch, got ${describeValue(value)}.`;
    return [message(fieldPath, 'VALUE_INVALID', description)];
  }
  const ms = micros / 1000;
  if (now - ms > MP_LIMITS.maxEventAgeMs) {
    return [message(fieldPath, 'VALUE_OUT_OF_BOUNDS', `${new Date(ms).toISOString()} is more than 72 hours ago.`)];
  }
  if (ms - now > MP_LIMITS.maxFutureSkewMs) {
    return [message(fieldPath, 'VALUE_INVALID', `${new Date(ms).toISOString()} is in the future.`)];
  }
  return [];
}

/** The event time a valid `timestamp_micros` gives, else undefined. */
export function eventTime(value: unknown): Date | undefined {
  const micros = toMicros(value);
  return typeof micros === 'number' && Number.isFinite(micros) && micros >= 0
    ? new Date(Math.floor(micros / 1000))
    : undefined;
}

function idMessages(key: string, id: unknown): ValidationMessage[] {
  if (typeof id !== 'string' || id === '') {
    return [message(key, 'VALUE_INVALID', `${key} must be a non-empty string, got ${describeValue(id)}.`)];
  }
  const max = key === 'user_id' ? MP_LIMITS.maxUserIdLength : MP_LIMITS.maxClientIdLength;
  if (id.length > max) {
    return [message(key, 'VALUE_OUT_OF_BOUNDS', `${key} is ${id.length} characters; at most ${max}.`)];
  }
  return [];
}

function userPropertyMessages(value: unknown): ValidationMessage[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [message('user_properties', 'VALUE_INVALID', 'user_properties must be an object of { name: { value } }.')];
  }
  const out: ValidationMessage[] = [];
  for (const [name, entry] of Object.entries(value)) {
    const path = `user_properties.${describeName(name)}`;
    out.push(...nameMessages(name, path, 'user property name', MP_LIMITS.userPropertyName));
    const inner = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as { value?: unknown }).value : entry;
    if (typeof inner === 'string' && inner.length > MP_LIMITS.userPropertyValue) {
      out.push(message(`${path}.value`, 'VALUE_OUT_OF_BOUNDS', `The value is ${inner.length} characters; GA4 allows 36.`));
    } else if (inner !== null && typeof inner === 'object') {
      out.push(message(`${path}.value`, 'UNSUPPORTED_TYPE', 'A user property value must be a string or a number.'));
    }
  }
  return out;
}

function eventsMessages(events: unknown): ValidationMessage[] {
  if (events === undefined) return [message('events', 'VALUE_REQUIRED', 'events is required: [{ name, params }].')];
  if (!Array.isArray(events)) return [message('events', 'VALUE_INVALID', 'events must be an array of { name, params }.')];
  if (events.length === 0) return [message('events', 'VALUE_REQUIRED', 'events is empty; send 1 to 25 events.')];
  if (events.length > MP_LIMITS.eventsPerRequest) {
    return [message('events', 'EXCEEDED_MAX_ENTITIES', `${events.length} events in one request; GA4 accepts at most 25.`)];
  }
  return [];
}

/**
 * Request-level problems (body size, unknown fields, ids, timestamp, user properties, the events
 * array): each applies to every event of the request.
 */
export function requestMessages(body: Record<string, unknown>, bytes: number, now: number): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  if (bytes > MP_LIMITS.maxBodyBytes) {
    out.push(message('', 'VALUE_OUT_OF_BOUNDS', `The request body is ${bytes} bytes; GA4 accepts at most 130000.`));
  }
  for (const key of Object.keys(body)) {
    const shown = describeName(key);
    if (!MP_BODY_FIELDS.has(key)) out.push(message(shown, 'UNKNOWN_FIELD', `"${shown}" is not a Measurement Protocol field.`));
  }
  const idKey = body['client_id'] !== undefined ? 'client_id' : body['app_instance_id'] !== undefined ? 'app_instance_id' : undefined;
  if (idKey === undefined) {
    out.push(message('client_id', 'VALUE_REQUIRED', 'client_id (web) or app_instance_id (app) is required.'));
  } else {
    out.push(...idMessages(idKey, body[idKey]));
  }
  if (body['user_id'] !== undefined) out.push(...idMessages('user_id', body['user_id']));
  if (body['timestamp_micros'] !== undefined) out.push(...eventTimeMessages(body['timestamp_micros'], 'timestamp_micros', now));
  out.push(...userPropertyMessages(body['user_properties']), ...eventsMessages(body['events']));
  return out;
}

function itemMessages(items: unknown[], path: string): ValidationMessage[] {
  if (items.length > MP_LIMITS.maxItems) {
    return [message(path, 'EXCEEDED_MAX_ENTITIES', `${items.length} items; GA4 accepts at most 200.`)];
  }
  return items.flatMap((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return [message(`${path}[${i}]`, 'VALUE_INVALID', 'Each item must be an object such as { item_id, price }.')];
    }
    return Object.entries(item).flatMap(([field, v]) => {
      const fieldPath = `${path}[${i}].${describeName(field)}`;
      return v !== null && typeof v === 'object'
        ? [message(fieldPath, 'UNSUPPORTED_TYPE', 'Item fields must be strings or numbers.')]
        : valueMessages(field, v, fieldPath);
    });
  });
}

function valueMessages(key: string, value: unknown, path: string): ValidationMessage[] {
  if (typeof value === 'string') {
    const max = ga4ValueLimit(key);
    if (value.length <= max) return [];
    const description = `The value is ${value.length} characters; GA4 keeps ${max} for "${describeName(key)}".`;
    return [message(path, 'VALUE_OUT_OF_BOUNDS', description)];
  }
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [message(path, 'VALUE_INVALID', 'Numbers must be finite.')];
  if (typeof value === 'boolean') return [];
  if (key === 'items' && Array.isArray(value)) return itemMessages(value, path);
  const description = `Param values must be strings, numbers or booleans, got ${describeValue(value)}.`;
  return [message(path, 'UNSUPPORTED_TYPE', description)];
}

function paramsMessages(params: unknown, base: string): ValidationMessage[] {
  if (params === undefined) return [];
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    return [message(`${base}.params`, 'VALUE_INVALID', 'params must be an object of name: value.')];
  }
  const entries = Object.entries(params);
  const out: ValidationMessage[] = [];
  if (entries.length > GA4_LIMITS.paramCount) {
    const description = `${entries.length} params; GA4 accepts at most 25 per event.`;
    out.push(message(`${base}.params`, 'EXCEEDED_MAX_ENTITIES', description));
  }
  for (const [key, value] of entries) {
    const path = `${base}.params.${describeName(key)}`;
    // GA's own params (ga_session_id...) carry a reserved prefix by design.
    if (!AUTOMATIC_PARAMS.has(key)) out.push(...nameMessages(key, path, 'param name', GA4_LIMITS.paramName));
    out.push(...valueMessages(key, value, path));
  }
  return out;
}

/**
 * GA4's rules for one event: name (pattern, length, reserved names and prefixes), params (at most
 * 25, names, value lengths and types) and its own `timestamp_micros`.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/sending-events#limitations
 */
export function eventMessages(event: unknown, index: number, now: number): ValidationMessage[] {
  const base = `events[${index}]`;
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return [message(base, 'VALUE_INVALID', 'Each event must be an object { name, params }.')];
  }
  const { name, params, timestamp_micros: micros } = event as Record<string, unknown>;
  const out: ValidationMessage[] = [];
  if (typeof name !== 'string') {
    const code = name === undefined ? 'VALUE_REQUIRED' : 'VALUE_INVALID';
    out.push(message(`${base}.name`, code, 'Each event needs a string name.'));
  } else {
    out.push(...nameMessages(name, `${base}.name`, 'event name', GA4_LIMITS.eventName));
    if (RESERVED_EVENT_NAMES.has(name) && !ALLOWED_RESERVED.has(name)) {
      const description = `"${name}" is reserved by GA4 (collected automatically or internal).`;
      out.push(message(`${base}.name`, 'NAME_RESERVED', description));
    }
  }
  if (micros !== undefined) out.push(...eventTimeMessages(micros, `${base}.timestamp_micros`, now));
  out.push(...paramsMessages(params, base));
  return out;
}
