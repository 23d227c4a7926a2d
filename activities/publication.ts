/**
 * Publication of a childminder's profile for parents: her verified data, filtered by her publication
 * choices through the one rule in domain/publication.ts, copied to `public_profiles`.
 */
import { agrementAdoptionActivities, type AgrementAtActivation } from './agrement-adoption.ts';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../infra/db.ts';
import type { RegistrationData } from '../domain/registration.ts';
import { writePublishedCopy } from '../api/search/published-copy.ts';

export function publicationActivities(db: Db) {
  const { adoptWaitingNotifications } = agrementAdoptionActivities(db);
  return {
    /**
     * Publishes (or republishes) the profile from the registration's current, verified data. At her
     * activation, first applies what the départements notified before she could be matched
     * (activities/agrement-adoption.ts), so that a suspension keeps her out from the start; answers it
     * for her lifecycle to tell her.
     */
    async publishProfile(
      registrationId: string,
      options: { atActivation?: boolean } = {},
    ): Promise<AgrementAtActivation | undefined> {
      const agrement = options.atActivation ? await adoptWaitingNotifications(registrationId) : undefined;
      const data = await db('registrations')
        .where({ id: registrationId })
        .first<(RegistrationData & { closed_at: Date | null }) | undefined>(
          'identity',
          'agrement',
          'contact',
          'availability',
          'closed_at',
        );
      // She closed her account (api/personal-data/closure.ts): never published again.
      if (data?.closed_at) return agrement;
      if (!data?.identity || !data.agrement || !data.contact || !data.availability) {
        throw ApplicationFailure.retryable(
          `Dossier ${registrationId} incomplet : publication impossible`,
          'case_incomplete',
        );
      }
      await db.transaction((trx) => writePublishedCopy(trx, registrationId, data));
      return agrement;
    },
  };
}
