/**
 * What an activity's failure may say. Temporal records it in the history and the worker logs it:
 * our own failures (`ApplicationFailure`, written with ids and codes only) go through as they are;
 * any other error (a driver's, a library's, whose message may quote a value) is replaced by a
 * failure that carries only its class and its code (a PostgreSQL SQLSTATE, a Node error code), with
 * the same retry behaviour. Cancellations pass untouched.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** `TypeError`, `error 23505`, `Error ECONNREFUSED`: never a message. */
export function failureCode(error: unknown): { type: string; message: string } {
  if (!(error instanceof Error)) return { type: 'Error', message: 'Error' };
  const type = CODE.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return { type, message: typeof code === 'string' && CODE.test(code) ? `${type} ${code}` : type };
}

export function withoutValues(error: unknown): unknown {
  if (error instanceof CancelledFailure) return error;
  if (error instanceof ApplicationFailure) {
    if (!error.cause || error.cause instanceof ApplicationFailure) return error;
    return ApplicationFailure.create({
      message: error.message,
      type: error.type ?? undefined,
      nonRetryable: error.nonRetryable ?? undefined,
      details: error.details as unknown[] | undefined,
      nextRetryDelay: error.nextRetryDelay,
      cause: withoutValues(error.cause) as Error,
    });
  }
  // Cancellation of the activity (heartbeat timeout, workflow cancelled) is the SDK's own error.
  if (error instanceof Error && error.name === 'CancelledFailure') return error;
  const { type, message } = failureCode(error);
  return ApplicationFailure.create({ message, type, nonRetryable: false });
}

export const activityFailuresWithoutValues: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        throw withoutValues(error);
      }
    },
  },
});
