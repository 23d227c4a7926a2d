/**
 * A published childminder written straight into PostgreSQL, exactly as activation leaves her (an
 * active case held by `childminder:<id>`, her public copy filtered by her publication choices, her
 * search row, her declaration status), for the demo data and for tests of what parents see. The
 * real path (registration, moderation, activation) is tested on its own; this one skips the waiting.
 */
import { indexPublishedProfile, publicProfileOf } from '../api/search/published-copy.ts';
import { normalizeEmail } from '../domain/accounts.ts';
import type { RegistrationData } from '../domain/registration.ts';
import type { Db } from '../infra/db.ts';
import type { KeyRing } from '../infra/keys.ts';
import { identityColumns } from '../infra/sealed-nir.ts';

export interface PublishedSpec {
  email: string;
  passwordHash: string;
  displayName: string;
  data: RegistrationData;
  officeId: string;
  /** When she last declared (ISO instant); now by default. */
  declaredAt?: string;
  /** A declaration deadline passed since her last declaration. */
  overdue?: boolean;
}

/** Inserts (or refreshes, by email) a published childminder; returns her registration and user ids. */
export async function insertPublishedChildminder(
  db: Db,
  keys: KeyRing,
  spec: PublishedSpec,
): Promise<{ registrationId: string; userId: string }> {
  return db.transaction(async (trx) => {
    const [user] = await trx('users')
      .insert({
        email: spec.email,
        email_normalized: normalizeEmail(spec.email),
        password_hash: spec.passwordHash,
        role: 'childminder',
        display_name: spec.displayName,
        email_verified_at: trx.fn.now(),
      })
      .onConflict('email_normalized')
      .merge({ password_hash: spec.passwordHash, display_name: spec.displayName })
      .returning('id');
    const json = (section: keyof RegistrationData) => JSON.stringify(spec.data[section]);
    const [registration] = await trx('registrations')
      .insert({
        user_id: user.id,
        agrement: json('agrement'),
        contact: json('contact'),
        availability: json('availability'),
        submitted_at: trx.fn.now(),
      })
      .onConflict('user_id')
      .merge(['agrement', 'contact', 'availability'])
      .returning('id');
    const id: string = registration.id;
    // Her NIR sealed under her registration's id, known once the row is: one transaction, never in clear.
    await trx('registrations')
      .where({ id })
      .update(identityColumns(keys, spec.data.identity, id));
    const now = new Date();
    await trx('cases')
      .insert({
        registration_id: id,
        workflow_id: `childminder:${id}`,
        status: 'active',
        office_id: spec.officeId,
        departement: spec.data.agrement.departement,
        identity_outcome: 'certified',
        submitted_at: now,
        status_since: now,
        decided_at: now,
        seq: 2,
      })
      .onConflict('registration_id')
      .ignore();
    const declaredAt = spec.declaredAt ?? now.toISOString();
    const declaration = {
      availability_status: spec.data.availability.status,
      last_declared_at: declaredAt,
      overdue_deadline: spec.overdue ? declaredAt : null,
      consecutive_misses: spec.overdue ? 1 : 0,
    };
    await trx('declaration_status')
      .insert({ registration_id: id, ...declaration })
      .onConflict('registration_id')
      .merge(declaration);
    const profile = publicProfileOf(spec.data);
    await trx('public_profiles')
      .insert({ registration_id: id, profile })
      .onConflict('registration_id')
      .merge({ profile, updated_at: trx.fn.now() });
    await indexPublishedProfile(trx, id, spec.data);
    return { registrationId: id, userId: user.id as string };
  });
}
