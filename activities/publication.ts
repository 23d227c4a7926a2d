/**
 * Publication of a childminder's profile for parents: her verified data, filtered by her publication
 * choices through the one rule in domain/publication.ts, copied to `public_profiles`.
 */
import { agrementAdoptionActivities, type AgrementAtActivation } from './agrement-adoption.ts';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../infra/db.ts';
import { publicContact } from '../domain/publication.ts';
import type { RegistrationData } from '../domain/registration.ts';
import { indexPublishedProfile } from './search-index.ts';

/** What a parent sees: her public contact, her capacity and her availability. Nothing more. */
export function publicProfileOf(data: RegistrationData) {
  const { identity, agrement, contact, availability } = data;
  return {
    ...publicContact({
      firstName: identity.firstNames[0] ?? '',
      lastName: identity.usageName ?? identity.birthName,
      workplace: agrement.workplace,
      mamName: agrement.mamName,
      address: contact.address,
      phone: contact.phone,
      email: contact.email,
      publication: contact.publication,
    }),
    departement: agrement.departement,
    capacity: agrement.capacity,
    availability,
  };
}
export type PublicProfile = ReturnType<typeof publicProfileOf>;

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
      await db.transaction(async (trx) => {
        await trx('public_profiles')
          .insert({ registration_id: registrationId, profile: publicProfileOf(data) })
          .onConflict('registration_id')
          .merge({ profile: publicProfileOf(data), updated_at: trx.fn.now() });
        await indexPublishedProfile(trx, registrationId, data);
      });
      return agrement;
    },
  };
}
