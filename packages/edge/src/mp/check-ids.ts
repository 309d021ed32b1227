import { isIdentifier, MP_LIMITS } from '@taxon/core';
import type { MeasurementProtocolIds } from './types.js';

// GA's own pseudonymous ids are never scrubbed (a client id is digits and dots, which scrubPii
// would take for a number); they are only checked to be opaque ids by core's one policy.

const missing = (where: string, field: string, how: string) =>
  `${where}: ids.${field} is missing. Read it in the browser with ${how} and pass it to the ` +
  'server with the request (or store it, e.g. in the checkout session metadata); without it ' +
  "GA4 records the event outside the user's session.";

/**
 * What is wrong with the browser ids of an event, saying where the browser gets them, or
 * `undefined` when they are usable.
 */
export function checkIds(where: string, ids: MeasurementProtocolIds | undefined): string | undefined {
  if (!ids || typeof ids !== 'object') return `${where}: ids ({ clientId, sessionId }) are required.`;
  const { clientId, sessionId, userId, timestamp } = ids;
  if (typeof clientId !== 'string' || clientId === '') {
    return missing(where, 'clientId', "gtag('get', '<measurement id>', 'client_id', cb) (or the _ga cookie)");
  }
  if (typeof sessionId !== 'string' || sessionId === '') {
    return missing(
      where,
      'sessionId',
      "gtag('get', '<measurement id>', 'session_id', cb) (or the _ga_<container> cookie)",
    );
  }
  if (clientId.length > MP_LIMITS.maxClientIdLength || !isIdentifier(clientId)) {
    return `${where}: ids.clientId must be a GA client id such as "1234567890.1700000000".`;
  }
  if (sessionId.length > 64 || !isIdentifier(sessionId)) {
    return `${where}: ids.sessionId must be a GA session id such as "1700000000".`;
  }
  const maxUserId = MP_LIMITS.maxUserIdLength;
  if (userId !== undefined && (typeof userId !== 'string' || userId === '' || userId.length > maxUserId)) {
    return `${where}: ids.userId must be a non-empty string of at most ${maxUserId} characters.`;
  }
  if (timestamp !== undefined && !(timestamp instanceof Date && Number.isFinite(timestamp.getTime()))) {
    return `${where}: ids.timestamp must be a valid Date.`;
  }
  return undefined;
}

/**
 * A `user_id` that is not an opaque id by core's identifier policy (`isIdentifier`: an email, a
 * phone number, a key) is personal data, which GA4 forbids in user ids; sending it scrubbed would
 * merge users, so the event is refused.
 */
export function userIdProblem(where: string, userId: string | undefined): string | undefined {
  if (userId === undefined) return undefined;
  if (isIdentifier(userId)) return undefined;
  return (
    `${where}: ids.userId looks like personal data (an email, phone number or secret); GA4 ` +
    'forbids it in user_id. Pass your internal user id instead.'
  );
}
