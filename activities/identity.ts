/**
 * The identity check against SNGI. The declared identity is read here from PostgreSQL and the
 * per-field result written back there; the workflow only learns the graded outcome. Each check is
 * keyed by the workflow step that asks (the change being checked, for her identity change after
 * activation): a retry of that step reuses the first answer, and the key goes to the registry as
 * `Idempotency-Key` for the one case where the answer was lost with a crash.
 */
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { Db } from '../infra/db.ts';
import type { KeyRing } from '../infra/keys.ts';
import { openIdentity } from '../infra/sealed-nir.ts';
import type { Identity } from '../domain/registration.ts';
import {
  identityChangeCheckKey,
  sngiBirthDate,
  type IdentityOutcome,
  type SngiRequest,
  type SngiResponse,
} from '../domain/identity-check.ts';
import { whileHeartbeating } from './heartbeat.ts';

/** The step asking: this run's activity, the same across its retries. */
function stepKey(registrationId: string): string {
  try {
    const { workflowExecution, activityId } = Context.current().info;
    if (workflowExecution) return `${workflowExecution.runId}:${activityId}`;
  } catch {
    // Called outside an activity (a test, a script): no step to repeat.
  }
  return `${registrationId}:${crypto.randomUUID()}`;
}

/** The registry's request for an identity as declared (her NIR opened here, never logged). */
function sngiRequest(identity: Identity): SngiRequest {
  return {
    birthName: identity.birthName,
    firstNames: identity.firstNames,
    sex: identity.sex,
    birthDate: sngiBirthDate(identity.birthDate),
    birthPlaceCode:
      identity.birthPlace.kind === 'france'
        ? identity.birthPlace.communeCode
        : (identity.birthPlace.countryCode ?? `99${identity.nir.slice(7, 10)}`),
    nir: identity.nir,
  };
}

export function identityActivities(db: Db, keys: KeyRing, sngiUrl: string) {
  /**
   * Asks SNGI once for `key` and records the answer against her registration. Throws (so Temporal
   * retries with backoff) while the registry is unavailable: that is never a rejection.
   */
  async function askRegistry(
    registrationId: string,
    key: string,
    identity: () => Promise<Identity>,
  ): Promise<IdentityOutcome> {
    const earlier = await db('identity_checks').where({ request_key: key }).first('outcome');
    if (earlier) return earlier.outcome;
    const request = sngiRequest(await identity());
    const response = await whileHeartbeating(async () => {
      try {
        return await fetch(new URL('/v1/identity-checks', sngiUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        // No cause: a network error's message may quote the request.
        throw ApplicationFailure.retryable(
          `SNGI injoignable (${error instanceof Error ? error.name : 'erreur'})`,
          'sngi_unreachable',
        );
      }
    });
    if (!response.ok) throw ApplicationFailure.retryable(`SNGI a répondu ${response.status}`, 'sngi_error');
    const result = (await response.json()) as SngiResponse;
    await db('identity_checks')
      .insert({
        registration_id: registrationId,
        outcome: result.outcome,
        fields: result.fields,
        request_key: key,
      })
      .onConflict('request_key')
      .ignore();
    const stored = await db('identity_checks').where({ request_key: key }).first('outcome');
    return stored.outcome;
  }

  return {
    /** Checks the identity she declared in her registration. */
    async checkIdentity(registrationId: string): Promise<IdentityOutcome> {
      return askRegistry(registrationId, stepKey(registrationId), async () => {
        const row = await db('registrations')
          .where({ id: registrationId })
          .first<{ identity: Identity } | undefined>('identity');
        if (!row?.identity)
          throw ApplicationFailure.retryable(
            `Dossier ${registrationId} sans identité déclarée`,
            'identity_missing',
          );
        return openIdentity(keys, row.identity, registrationId);
      });
    },

    /**
     * Checks the identity she proposes in a change after activation, read from `profile_changes`:
     * one check per change, whichever run or retry asks (its key is the change's).
     */
    async checkIdentityChange(changeId: string): Promise<IdentityOutcome> {
      const change = await db('profile_changes')
        .where({ id: changeId })
        .first<{ registration_id: string; section: string; value: Identity } | undefined>(
          'registration_id',
          'section',
          'value',
        );
      if (!change || change.section !== 'identity')
        throw ApplicationFailure.nonRetryable(`Modification ${changeId} inconnue`, 'unknown_change');
      return askRegistry(change.registration_id, identityChangeCheckKey(changeId), async () =>
        openIdentity(keys, change.value, change.registration_id),
      );
    },
  };
}
