/**
 * Reads of relays (Relais petite enfance): who covers a commune (a city's arrondissements are
 * covered by a relay of the city), a relay's record, her consent, and the figures of its communes.
 */
import type { Knex } from 'knex';

export interface RelayRecord {
  id: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  departement: string;
  communes: Array<{ code: string; name: string }>;
}

const COLUMNS = [
  'r.id',
  'r.name',
  'r.address',
  'r.postal_code as postalCode',
  'r.city',
  'r.phone',
  'r.email',
  'r.departement',
];

/** The relays' records with their communes, in name order. */
export async function relayRecords(
  db: Knex,
  where: (query: Knex.QueryBuilder) => void = () => {},
): Promise<RelayRecord[]> {
  const query = db('relays as r').select(COLUMNS).orderBy('r.name');
  where(query);
  const rows: Array<Omit<RelayRecord, 'communes'>> = await query;
  if (!rows.length) return [];
  const communes = await db('relay_communes as rc')
    .join('communes as c', 'c.code', 'rc.commune_code')
    .whereIn(
      'rc.relay_id',
      rows.map((row) => row.id),
    )
    .orderBy('c.name')
    .select('rc.relay_id', 'c.code', 'c.name');
  return rows.map((row) => ({
    ...row,
    communes: communes.filter((c) => c.relay_id === row.id).map(({ code, name }) => ({ code, name })),
  }));
}

/** One relay, or null. */
export async function relayRecord(db: Knex, id: string): Promise<RelayRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return (await relayRecords(db, (q) => q.where('r.id', id)))[0] ?? null;
}

/** SQL: the relay `relayColumn` covers the commune `communeColumn` (itself or its city). */
export function coversSql(relayColumn: string, communeColumn: string): string {
  return `exists (select 1 from relay_communes rc left join communes cc on cc.code = ${communeColumn}
    where rc.relay_id = ${relayColumn} and (rc.commune_code = ${communeColumn} or rc.commune_code = cc.parent_code))`;
}

/** The relays covering a commune: the ones a childminder of it may choose, the ones parents are shown. */
export async function relaysCovering(db: Knex, communeCode: string): Promise<RelayRecord[]> {
  return relayRecords(db, (q) => q.whereRaw(coversSql('r.id', '?'), [communeCode, communeCode]));
}

/** The commune where she works (her contact address), or null before she filled it in. */
export function workCommuneOf(registration: { contact: unknown }): string | null {
  const contact = registration.contact as { address?: { communeCode?: string } } | null;
  return contact?.address?.communeCode ?? null;
}

/** The relay she lets help her now, or null. */
export async function activeConsentOf(
  db: Knex,
  registrationId: string,
): Promise<{ id: string; relayId: string; grantedAt: Date } | null> {
  const row = await db('relay_consents')
    .where({ registration_id: registrationId })
    .whereNull('withdrawn_at')
    .first('id', 'relay_id as relayId', 'granted_at as grantedAt');
  return row ?? null;
}

/** How many childminders of the relay's communes are published, full, overdue (no consent needed). */
export async function relayFigures(
  db: Knex,
  relayId: string,
): Promise<{ published: number; full: number; overdue: number }> {
  const row = await db('search_profiles as sp')
    .whereRaw(coversSql('?', 'sp.commune_code'), [relayId])
    .first(
      db.raw('count(*)::int as published'),
      db.raw("count(*) filter (where sp.availability_status = 'full')::int as full"),
      db.raw('count(*) filter (where sp.overdue)::int as overdue'),
    );
  return { published: row?.published ?? 0, full: row?.full ?? 0, overdue: row?.overdue ?? 0 };
}
