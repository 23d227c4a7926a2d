/**
 * The search row of a published childminder (`search_profiles`), kept beside her public profile:
 * written when she is (re)published, and when her declaration status changes. Only what the search
 * filters and sorts on: her commune, never her street address.
 */
import type { Knex } from 'knex';
import type { RegistrationData } from '../domain/registration.ts';
import { daysMask, slotMask } from '../domain/search.ts';
import type { DeclarationRecord } from './types.ts';

/** Upserts her search row from the verified data being published, with her declaration status if known. */
export async function indexPublishedProfile(
  db: Knex,
  registrationId: string,
  data: RegistrationData,
): Promise<void> {
  const { availability, agrement, contact } = data;
  const declaration = await db('declaration_status')
    .where({ registration_id: registrationId })
    .first('last_declared_at', 'overdue_deadline');
  const row = {
    commune_code: contact.address.communeCode,
    workplace: agrement.workplace,
    availability_status: availability.status,
    available_from: availability.from,
    places_under3: availability.places.under3,
    places_from3to6: availability.places.from3to6,
    places_over6: availability.places.over6,
    days_mask: daysMask(availability.slots.map((slot) => slot.day)),
    slot_mask: slotMask(availability.slots),
    declared_at: declaration?.last_declared_at ?? null,
    overdue: Boolean(declaration?.overdue_deadline),
    updated_at: db.fn.now(),
  };
  await db('search_profiles')
    .insert({ registration_id: registrationId, ...row })
    .onConflict('registration_id')
    .merge(row);
}

/** Her freshness in the search follows her declarations. */
export async function indexDeclaration(db: Knex, record: DeclarationRecord): Promise<void> {
  await db('search_profiles')
    .where({ registration_id: record.registrationId })
    .update({
      availability_status: record.availabilityStatus,
      declared_at: record.lastDeclaredAt,
      overdue: record.overdueDeadline !== null,
      updated_at: db.fn.now(),
    });
}
