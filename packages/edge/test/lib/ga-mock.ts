/**
 * msw handlers standing in for GA4's Measurement Protocol endpoints, for tests of anything that
 * sends MP events (the MP client, AI call instrumentation, checkout webhooks).
 *
 * ```ts
 * const ga = createGaMock();
 * const server = setupServer(...ga.handlers);
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * afterEach(() => ga.reset());
 * afterAll(() => server.close());
 * // ... send, then:
 * expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
 * ```
 *
 * - `POST {baseUrl}/mp/collect` records the request and answers 204 with no body, as GA does
 *   (GA never answers an HTTP error for a malformed payload; use `/debug/mp/collect` to see why).
 * - `POST {baseUrl}/debug/mp/collect` answers 200 `{ validationMessages: [...] }` in GA's shape
 *   (`fieldPath`, `description`, `validationCode`) for the common problems: missing client_id,
 *   too many events or params, invalid or reserved names, values too long, old timestamps.
 * - `fault(request)` injects failures per request: a network error, an HTTP status (with
 *   `Retry-After`), or `ack: true` to record the payload first and fail afterwards (the ambiguous
 *   case that tempts a client to send twice).
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { RESERVED_EVENT_NAMES } from '@taxon/core';
import type { MpEvent, MpPayload, ValidationMessage } from '../../src/mp/types.js';

/** A failure to inject for one `/mp/collect` request. */
export type GaFault =
  | { kind: 'network'; ack?: boolean }
  | { kind: 'status'; status: number; retryAfter?: string; ack?: boolean };

/** One request that reached `/mp/collect`. */
export interface GaRequest {
  /** 0-based order of arrival. */
  index: number;
  measurementId: string | null;
  apiSecret: string | null;
  /** The raw body, for size checks. */
  rawBody: string;
  payload: MpPayload;
  /** The fault injected, if any. */
  fault: GaFault | undefined;
  /** True when the payload counts as received (no fault, or a fault with `ack: true`). */
  recorded: boolean;
  /** True when the answer was 2xx (the client saw an acknowledgement). */
  acknowledged: boolean;
}

/** One event GA recorded, with the ids of its request. */
export interface GaEvent extends MpEvent {
  clientId: string;
  userId: string | undefined;
  /** Index of the request that carried it. */
  request: number;
}

/** Options of {@link createGaMock}. */
export interface GaMockOptions {
  /** Origin the handlers listen on. @default 'https://www.google-analytics.com' */
  baseUrl?: string;
  /** Decides a fault per `/mp/collect` request; `undefined` answers normally. */
  fault?: (request: { index: number; payload: MpPayload }) => GaFault | undefined;
}

/** The mock: handlers for `setupServer`, and what they received. */
export interface GaMock {
  handlers: HttpHandler[];
  /** Every `/mp/collect` request, faulted or not, in arrival order. */
  requests: GaRequest[];
  /** Every `/debug/mp/collect` payload, in arrival order. */
  validations: MpPayload[];
  /** Events of recorded requests (flattened, in arrival order; may hold duplicates). */
  events(): GaEvent[];
  /** Forgets everything received. */
  reset(): void;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_PREFIXES = ['_', 'firebase_', 'ga_', 'google_', 'gtag.'];
const LONG_VALUES: Record<string, number> = { page_title: 300, page_referrer: 420, page_location: 1000 };

function nameProblem(name: string, what: string, at: string): ValidationMessage | undefined {
  if (!NAME.test(name) || name.length > 40) {
    return {
      fieldPath: at,
      description: `${what} has invalid name [${name}]. Names must start with an alphabetic character.`,
      validationCode: 'NAME_INVALID',
    };
  }
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    const description = `${what} has reserved name [${name}].`;
    return { fieldPath: at, description, validationCode: 'NAME_RESERVED' };
  }
  return undefined;
}

/**
 * What GA's validation server says about `payload`, for the problems it reports most often.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events
 */
export function validateMpPayload(payload: MpPayload, now = Date.now()): ValidationMessage[] {
  const messages: ValidationMessage[] = [];
  if (typeof payload.client_id !== 'string' || payload.client_id === '') {
    messages.push({
      fieldPath: 'client_id',
      description: 'Measurement requires a client_id.',
      validationCode: 'VALUE_REQUIRED',
    });
  }
  const events = Array.isArray(payload.events) ? payload.events : [];
  if (events.length > 25) {
    messages.push({
      fieldPath: 'events',
      description: `A maximum of 25 events can be specified per request; ${events.length} were given.`,
      validationCode: 'EXCEEDED_MAX_ENTITIES',
    });
  }
  events.forEach((event, i) => {
    const where = `Event at index: [${i}]`;
    if (RESERVED_EVENT_NAMES.has(event.name)) {
      const description = `${where} has reserved name [${event.name}].`;
      messages.push({ fieldPath: 'events', description, validationCode: 'NAME_RESERVED' });
    } else {
      const problem = nameProblem(event.name, where, 'events');
      if (problem) messages.push(problem);
    }
    const params = event.params ?? {};
    const keys = Object.keys(params);
    if (keys.length > 25) {
      messages.push({
        fieldPath: `events[${i}].params`,
        description: `${where} has ${keys.length} params; a maximum of 25 params can be specified per event.`,
        validationCode: 'EXCEEDED_MAX_ENTITIES',
      });
    }
    for (const key of keys) {
      const problem = nameProblem(key, `Param [${key}] of ${where.toLowerCase()}`, `events[${i}].params`);
      if (problem) messages.push(problem);
      const value = params[key];
      const max = LONG_VALUES[key] ?? 100;
      if (typeof value === 'string' && value.length > max) {
        messages.push({
          fieldPath: `events[${i}].params.${key}`,
          description:
            `Value of param [${key}] of ${where.toLowerCase()} is ${value.length} characters; ` +
            `the maximum is ${max}.`,
          validationCode: 'VALUE_OUT_OF_BOUNDS',
        });
      }
    }
    if (event.timestamp_micros !== undefined && now * 1000 - event.timestamp_micros > 72 * 3600 * 1e6) {
      messages.push({
        fieldPath: `events[${i}].timestamp_micros`,
        description: `${where} has a timestamp more than 72 hours in the past.`,
        validationCode: 'VALUE_OUT_OF_BOUNDS',
      });
    }
  });
  return messages;
}

/** Creates the GA mock. See the module comment for usage. */
export function createGaMock(options: GaMockOptions = {}): GaMock {
  const base = (options.baseUrl ?? 'https://www.google-analytics.com').replace(/\/+$/, '');
  const mock: GaMock = {
    handlers: [],
    requests: [],
    validations: [],
    events() {
      return mock.requests
        .filter((r) => r.recorded)
        .flatMap((r) =>
          r.payload.events.map((event) => ({
            ...event,
            clientId: r.payload.client_id,
            userId: r.payload.user_id,
            request: r.index,
          })),
        );
    },
    reset() {
      mock.requests.length = 0;
      mock.validations.length = 0;
    },
  };
  mock.handlers = [
    http.post(`${base}/mp/collect`, async ({ request }) => {
      const url = new URL(request.url);
      const rawBody = await request.text();
      const payload = JSON.parse(rawBody) as MpPayload;
      const index = mock.requests.length;
      const fault = options.fault?.({ index, payload });
      const recorded = fault === undefined || fault.ack === true;
      const acknowledged = fault === undefined;
      mock.requests.push({
        index,
        measurementId: url.searchParams.get('measurement_id'),
        apiSecret: url.searchParams.get('api_secret'),
        rawBody,
        payload,
        fault,
        recorded,
        acknowledged,
      });
      if (fault?.kind === 'network') return HttpResponse.error();
      if (fault?.kind === 'status') {
        return new HttpResponse(null, {
          status: fault.status,
          headers: fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
        });
      }
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${base}/debug/mp/collect`, async ({ request }) => {
      const payload = (await request.json()) as MpPayload;
      mock.validations.push(payload);
      return HttpResponse.json({ validationMessages: validateMpPayload(payload) });
    }),
  ];
  return mock;
}
