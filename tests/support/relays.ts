/** Test relays (Relais petite enfance): a relay covering some communes, and an agent of it. */
import type { Db } from '../../infra/db.ts';
import { createUser } from './fixtures.ts';

let counter = 0;

/** A relay covering these communes (Lyon by default: Camille works in Lyon 3e). */
export async function insertRelay(
  db: Db,
  options: { communeCodes?: string[]; departement?: string; name?: string; email?: string | null } = {},
): Promise<{ id: string; name: string }> {
  counter += 1;
  const name = options.name ?? `Relais de test ${counter}`;
  const [row] = await db('relays')
    .insert({
      name,
      address: `${counter} rue du Test`,
      postal_code: '69003',
      city: 'Lyon',
      phone: '04 00 00 00 00',
      email:
        options.email === undefined
          ? `relais.${Date.now().toString(36)}.${counter}@exemple.test`
          : options.email,
      departement: options.departement ?? '69',
    })
    .returning('id');
  await db('relay_communes').insert(
    (options.communeCodes ?? ['69123']).map((code) => ({ relay_id: row.id, commune_code: code })),
  );
  return { id: row.id, name };
}

/** An agent of a relay, ready to sign in (second factor TEST_TOTP_SECRET). */
export function relayAgent(db: Db, relayId: string) {
  return createUser(db, { role: 'relay', relayId });
}
