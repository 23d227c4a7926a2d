/**
 * Demo relays (Relais petite enfance) for the demo communes, so that someone trying the product sees
 * a relay's contact on a childminder's page and can sign in as a relay agent (demo-account-list.ts).
 * Fictitious relays with fixed ids; idempotent: a second start refreshes them. Two Lyon demo
 * childminders (one with a missed declaration) have let the Lyon relay help them.
 */
import type { Db } from '../infra/db.ts';

export interface DemoRelay {
  id: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  departement: string;
  communeCodes: string[];
}

export const DEMO_RELAYS: readonly DemoRelay[] = [
  {
    id: '00000000-0000-4000-8000-00000000a069',
    name: 'Relais petite enfance Lyon Est',
    address: '12 rue de la Démo',
    postalCode: '69003',
    city: 'Lyon',
    phone: '04 00 00 00 69',
    email: 'rpe.lyon-est@demo.registre-assmat.fr',
    departement: '69',
    // Lyon (its arrondissements), Villeurbanne, Vénissieux.
    communeCodes: ['69123', '69266', '69259'],
  },
  {
    id: '00000000-0000-4000-8000-00000000b069',
    name: 'Relais petite enfance de Villeurbanne',
    address: '3 place de la Démo',
    postalCode: '69100',
    city: 'Villeurbanne',
    phone: '04 00 00 01 69',
    email: 'rpe.villeurbanne@demo.registre-assmat.fr',
    departement: '69',
    communeCodes: ['69266', '69029'],
  },
  {
    id: '00000000-0000-4000-8000-00000000a075',
    name: 'Relais petite enfance Paris 11e-12e',
    address: '8 boulevard de la Démo',
    postalCode: '75011',
    city: 'Paris',
    phone: '01 00 00 00 75',
    email: 'rpe.paris-est@demo.registre-assmat.fr',
    departement: '75',
    communeCodes: ['75111', '75112'],
  },
  {
    id: '00000000-0000-4000-8000-00000000a033',
    name: 'Relais petite enfance Bordeaux Mérignac',
    address: '5 cours de la Démo',
    postalCode: '33000',
    city: 'Bordeaux',
    phone: '05 00 00 00 33',
    email: 'rpe.bordeaux@demo.registre-assmat.fr',
    departement: '33',
    communeCodes: ['33063', '33281'],
  },
  {
    id: '00000000-0000-4000-8000-00000000a035',
    name: 'Relais petite enfance Rennes Cesson',
    address: '2 allée de la Démo',
    postalCode: '35000',
    city: 'Rennes',
    phone: '02 00 00 00 35',
    email: 'rpe.rennes@demo.registre-assmat.fr',
    departement: '35',
    communeCodes: ['35238', '35051'],
  },
];

/** The demo relay agent's relay. */
export const DEMO_RELAY_ID = DEMO_RELAYS[0]!.id;

/** Upserts the demo relays and their communes (those the reference data knows). */
export async function seedDemoRelays(db: Db): Promise<void> {
  for (const { communeCodes, postalCode, ...relay } of DEMO_RELAYS) {
    const row = { ...relay, postal_code: postalCode };
    await db('relays').insert(row).onConflict('id').merge();
    await db('relay_communes').where({ relay_id: relay.id }).delete();
    const known: string[] = await db('communes').whereIn('code', communeCodes).pluck('code');
    if (known.length)
      await db('relay_communes').insert(known.map((code) => ({ relay_id: relay.id, commune_code: code })));
  }
}

/** Demo childminders who let the Lyon relay help them (kept if they chose otherwise since). */
const CONSENTING = ['am.lyon.0@demo.registre-assmat.fr', 'am.lyon.8@demo.registre-assmat.fr'];

export async function seedDemoConsents(db: Db): Promise<void> {
  const registrations = await db('registrations as r')
    .join('users as u', 'u.id', 'r.user_id')
    .whereIn('u.email_normalized', CONSENTING)
    .pluck('r.id');
  for (const id of registrations) {
    const any = await db('relay_consents').where({ registration_id: id }).first('id');
    if (!any) await db('relay_consents').insert({ registration_id: id, relay_id: DEMO_RELAY_ID });
  }
}
