/**
 * Her published copy, what parents read: `public_profiles` (her public contact through the one
 * publication rule, her capacity, her availability) and her search row (`search_profiles`, only what
 * the search filters and sorts on). Both show her declared places within what her agrément allows
 * now (domain/agrement.ts): a département's modification lowering it is followed at once, in its
 * own transaction, never more places than she may take until she declares again.
 */
import type { Knex } from 'knex';
import { placesWithinAgrement } from '../../domain/agrement.ts';
import { publicContact } from '../../domain/publication.ts';
import type { RegistrationData } from '../../domain/registration.ts';
import { daysMask, slotMask } from '../../domain/search.ts';

/** The places parents may see from her declaration. */
const visiblePlaces = (data: RegistrationData) =>
  placesWithinAgrement(data.availability.places, {
    capacity: data.agrement.capacity,
    capacityException: Boolean(data.agrement.capacityException),
  });

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
    availability: { ...availability, places: visiblePlaces(data) },
  };
}
export type PublicProfile = ReturnType<typeof publicProfileOf>;

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
  const places = visiblePlaces(data);
  const row = {
    commune_code: contact.address.communeCode,
    workplace: agrement.workplace,
    availability_status: availability.status,
    available_from: availability.from,
    places_under3: places.under3,
    places_from3to6: places.from3to6,
    places_over6: places.over6,
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

/** Writes her published copy and her search row from her verified data, in the caller's transaction. */
export async function writePublishedCopy(
  trx: Knex.Transaction,
  registrationId: string,
  data: RegistrationData,
): Promise<void> {
  const profile = publicProfileOf(data);
  await trx('public_profiles')
    .insert({ registration_id: registrationId, profile })
    .onConflict('registration_id')
    .merge({ profile, updated_at: trx.fn.now() });
  await indexPublishedProfile(trx, registrationId, data);
}

/**
 * Her agrément's data changed (a département's modification or renewal): her published copy, if she
 * has one, follows in the same transaction. One never written (in moderation) or closed stays so.
 */
export async function followAgrementChange(trx: Knex.Transaction, registrationId: string): Promise<void> {
  const published = await trx('public_profiles')
    .where({ registration_id: registrationId })
    .first('registration_id');
  if (!published) return;
  const data = await trx('registrations')
    .where({ id: registrationId })
    .first<(RegistrationData & { closed_at: Date | null }) | undefined>(
      'identity',
      'agrement',
      'contact',
      'availability',
      'closed_at',
    );
  if (!data || data.closed_at || !data.identity || !data.agrement || !data.contact || !data.availability)
    return;
  await writePublishedCopy(trx, registrationId, data);
}
