import type { DropReason } from '@taxon/core';
import type { AiErrorType } from './classify-error.js';
import type { BuiltRecord } from './build-usage-record.js';
import type { GenerationContext } from './generation-context.js';

/** Params of `generation_completed` at the call site: raw numbers, bucketed by the MP client. */
export interface GenerationCompletedParams {
  /** The taxonomy's `feature`. */
  feature: string;
  /** The taxonomy's `model`. */
  model: string;
  /** Total tokens (input + output); sent as `token_bucket`. */
  tokens: number;
  /** Wall-clock duration; sent as `duration_bucket`. */
  duration_ms: number;
  /** Always `true` from instrumentation: the output reached the caller. */
  success: boolean;
  /** The account's plan. */
  plan_type?: string;
  /** Joins `generation_started` from the browser. */
  correlation_id?: string;
}

/** Params of `generation_failed` at the call site. */
export interface GenerationFailedParams {
  /** The taxonomy's `feature`. */
  feature: string;
  /** The taxonomy's `model`. */
  model: string;
  /** Why the call failed. */
  error_type: AiErrorType;
  /** Wall-clock duration until the failure; sent as `duration_bucket`. */
  duration_ms: number;
  /** The account's plan. */
  plan_type?: string;
  /** Joins `generation_started` from the browser. */
  correlation_id?: string;
}

/** The ids that stitch a server event to the browser's GA4 session. */
export interface GenerationEventIds {
  /** GA4 client id from the browser. */
  clientId: string;
  /** GA4 session id from the browser. */
  sessionId: string;
  /** Sent as `user_id` only with `sendUserId: true`. */
  userId?: string;
  /** When the call ended. */
  timestamp?: Date;
}

/**
 * The part of the Measurement Protocol client (`createMeasurementProtocol`) instrumentation uses.
 * The client turns `tokens` and `duration_ms` into `token_bucket` and `duration_bucket`.
 */
export interface GenerationEventSender {
  send(
    name: 'generation_completed' | 'generation_failed',
    params: GenerationCompletedParams | GenerationFailedParams,
    ids: GenerationEventIds,
    options?: { dedupeKey?: string },
  ): void;
  flush?(): Promise<unknown>;
}

/** Whether the event was handed to the client, and why not. */
export type SendOutcome =
  | { ok: true }
  | {
      ok: false;
      reason: DropReason;
      kind: 'mp_failed' | 'mp_skipped_missing_ids';
      message: string;
      error?: unknown;
    };

/**
 * Hands one call's GA event to the MP client, with the request id as its dedupe key. Without both
 * `clientId` and `sessionId` the event could not join the user's session and would show as
 * unassigned traffic, so it is not sent at all (dropped as `invalid_event`).
 */
export function sendGenerationEvent(
  mp: GenerationEventSender,
  context: GenerationContext,
  built: BuiltRecord,
  at: Date,
  sendUserId: boolean,
): SendOutcome {
  const { clientId, sessionId } = context;
  if (!clientId || !sessionId) {
    return {
      ok: false,
      reason: 'invalid_event',
      kind: 'mp_skipped_missing_ids',
      message:
        `No GA event for request '${context.requestId}': the context lacks ` +
        `${!clientId ? 'clientId' : 'sessionId'}, so the event could not join the user's session. ` +
        "Pass the browser's ids (getAnalyticsIds() of @taxon/web) with the request.",
    };
  }
  const { record, errorType } = built;
  const shared = {
    feature: record.featureName,
    model: record.modelName,
    ...(context.planType !== undefined && { plan_type: context.planType }),
    ...(context.correlationId !== undefined && { correlation_id: context.correlationId }),
  };
  const ids: GenerationEventIds = {
    clientId,
    sessionId,
    timestamp: at,
    ...(sendUserId && { userId: record.userId }),
  };
  const dedupe = { dedupeKey: `generation:${record.requestId}` };
  try {
    if (errorType === null) {
      const params: GenerationCompletedParams = {
        ...shared,
        tokens: record.totalTokens,
        duration_ms: record.requestDurationMs,
        success: true,
      };
      mp.send('generation_completed', params, ids, dedupe);
    } else {
      const params: GenerationFailedParams = {
        ...shared,
        error_type: errorType,
        duration_ms: record.requestDurationMs,
      };
      mp.send('generation_failed', params, ids, dedupe);
    }
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      reason: 'invalid_event',
      kind: 'mp_failed',
      message: `The Measurement Protocol client refused the event of request '${context.requestId}'.`,
      error,
    };
  }
}
