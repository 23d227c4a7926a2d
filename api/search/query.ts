/**
 * The parents' search in PostgreSQL. Distances are between communes' centres (never her street
 * address): the communes around the origin come from a GiST box on `communes.centre`, then a page
 * walks them nearest first and, in each, her listing index (`search_profiles_listing`) in order,
 * stopping as soon as the page is full. The order is: a place that fits, then "complète", then an
 * overdue declaration; within each, nearest first, then the most recently confirmed. A keyset
 * cursor carries (rank, distance, commune, confirmation, id): page 50 costs what page 1 costs.
 */
import type { Knex } from 'knex';
import { AGE_GROUPS, type AgeGroup, type Availability } from '../../domain/availability.ts';
import type { Workplace } from '../../domain/publication.ts';
import { daysMask, needMask, type ListingRank, type Need } from '../../domain/search.ts';
import { Problem } from '../problem.ts';
import { publishable } from './publishable.ts';

export const PAGE_SIZE = 20;

/** Where the search starts: a commune, and its centre when the open data knows it. */
export interface SearchOrigin {
  code: string;
  name: string;
  postalCodes: string[];
  centre: { lon: number; lat: number } | null;
}

/** One childminder in the results: her public name and commune, and what she declared. Nothing hidden. */
export interface SearchResult {
  id: string;
  name: string;
  workplace: Workplace;
  mamName: string | null;
  commune: string;
  postalCode: string;
  /** Between communes' centres, in km; null when a centre is unknown. */
  distanceKm: number | null;
  rank: ListingRank;
  availability: Availability;
  /** Her last declaration (“disponibilités confirmées le …”). */
  declaredAt: string | null;
}

export interface Cursor {
  rank: number;
  km: number;
  code: string;
  sortAt: string;
  id: string;
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decode(raw: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof value.km === 'number' && typeof value.id === 'string' && [0, 1, 2].includes(value.rank))
      return value;
  } catch {
    // fall through
  }
  throw new Problem(422, 'invalid_cursor', 'Ce lien de page n’est plus valable : relancez la recherche.');
}

/** Great-circle km between a communes' centre column and a point, as domain/search.ts `distanceKm`. */
const KM = `2 * 6371.0088 * asin(least(1, sqrt(
  power(sin(radians(c.centre[1] - ?) / 2), 2)
  + cos(radians(?)) * cos(radians(c.centre[1])) * power(sin(radians(c.centre[0] - ?) / 2), 2))))`;

/** The communes in reach, with their distance: a box on the GiST index, then the exact distance. */
function nearCommunes(origin: SearchOrigin, radius: number): { sql: string; bindings: unknown[] } {
  if (radius === 0 || !origin.centre) {
    // In the commune (or the city's arrondissements), or around a commune whose position is unknown.
    return {
      sql: `select code, 0::float8 as km from communes where code = ?
            union all select code, 0::float8 from communes where parent_code = ?`,
      bindings: [origin.code, origin.code],
    };
  }
  const { lon, lat } = origin.centre;
  const dLat = (radius / 110.574) * 1.01;
  const dLon = (radius / (111.32 * Math.cos((lat * Math.PI) / 180))) * 1.01;
  return {
    sql: `select code, km from (
            select c.code, ${KM} as km from communes c
             where c.centre <@ box(point(?, ?), point(?, ?))) reach
          where km <= ?`,
    bindings: [lat, lat, lon, lon - dLon, lat - dLat, lon + dLon, lat + dLat, radius],
  };
}

/** The filter of a place that fits the need, on `search_profiles as p` (domain/search.ts availabilityFits). */
function fitsFilter(need: Need): { sql: string; bindings: unknown[] } {
  const parts = [`p.availability_status = 'available'`];
  const bindings: unknown[] = [];
  const groups = Object.keys(AGE_GROUPS) as AgeGroup[];
  if (need.ageGroup) parts.push(`p.places_${need.ageGroup} > 0`);
  else parts.push(`(${groups.map((g) => `p.places_${g}`).join(' + ')}) > 0`);
  if (need.startDate) {
    parts.push('p.available_from <= ?::date');
    bindings.push(need.startDate);
  }
  if (need.days.length) {
    parts.push('(p.days_mask & ?) = ?');
    bindings.push(daysMask(need.days), daysMask(need.days));
  }
  const mask = needMask(need);
  if (mask) {
    parts.push('(p.slot_mask & ?::bit(672)) = ?::bit(672)');
    bindings.push(mask, mask);
  }
  return { sql: parts.join(' and '), bindings };
}

/** A batch of communes (in walking order), for one rank, after `cursor` when it stands in this rank. */
export function batchSql(
  rank: ListingRank,
  codes: string[],
  need: Need,
  cursor: Cursor | null,
  limit: number,
): { sql: string; bindings: Knex.RawBinding[] } {
  const fits = fitsFilter(need);
  const sortAt = `coalesce(p.declared_at, '-infinity'::timestamptz)`;
  const filter =
    rank === 0
      ? { sql: fits.sql, bindings: fits.bindings }
      : rank === 1
        ? { sql: `p.availability_status = 'full'`, bindings: [] }
        : { sql: `((${fits.sql}) or p.availability_status = 'full')`, bindings: fits.bindings };
  const resume = cursor?.rank === rank;
  // The page's rows first (the inner limit), then only their published copies.
  const sql = `
    select b.ord, b.id, b.sort_at::text as "sortAt", b.declared_at as "declaredAt", pp.profile
      from (
        select n.ord, p.registration_id as id, p.sort_at, p.declared_at
          from unnest(?::text[]) with ordinality as n(code, ord)
          cross join lateral (
            select p.registration_id, p.declared_at, ${sortAt} as sort_at
              from search_profiles p
             where p.commune_code = n.code and p.overdue = ?
               and ${filter.sql}
               ${need.workplace ? 'and p.workplace = ?' : ''}
               and ${publishable('p.registration_id')}
               ${resume ? `and (n.code <> ? or (${sortAt}, p.registration_id) < (?::timestamptz, ?::uuid))` : ''}
             order by ${sortAt} desc, p.registration_id desc
             limit ?
          ) p
         order by n.ord, p.sort_at desc, p.registration_id desc
         limit ?
      ) b
      join public_profiles pp on pp.registration_id = b.id
     order by b.ord, b.sort_at desc, b.id desc`;
  const bindings = [
    codes,
    rank === 2,
    ...filter.bindings,
    ...(need.workplace ? [need.workplace] : []),
    ...(resume ? [cursor.code, cursor.sortAt, cursor.id] : []),
    limit,
    limit,
  ];
  return { sql, bindings: bindings as Knex.RawBinding[] };
}

interface Hit {
  rank: ListingRank;
  code: string;
  km: number;
  id: string;
  sortAt: string;
  declaredAt: Date | null;
  profile: PublicCard;
}

/**
 * Walks the ranks, and in each the communes nearest first, in batches of 4, 8, 16… communes, until
 * the page (plus one row, to know whether there is a next page) is full.
 */
async function walk(
  db: Knex,
  near: Array<{ code: string; km: number }>,
  need: Need,
  cursor: Cursor | null,
  wanted: number,
): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const rank of [0, 1, 2] as ListingRank[]) {
    if (cursor && rank < cursor.rank) continue;
    const resume = cursor?.rank === rank;
    const communes = resume
      ? near.filter((n) => n.km > cursor.km || (n.km === cursor.km && n.code >= cursor.code))
      : near;
    for (let start = 0, size = 4; start < communes.length && hits.length < wanted; start += size, size *= 2) {
      const batch = communes.slice(start, start + size);
      const codes = batch.map((n) => n.code);
      const { sql, bindings } = batchSql(rank, codes, need, resume ? cursor : null, wanted - hits.length);
      const rows = (await db.raw(sql, bindings)).rows as Array<
        Omit<Hit, 'rank' | 'code' | 'km'> & { ord: string }
      >;
      for (const row of rows) {
        const commune = batch[Number(row.ord) - 1]!;
        hits.push({ ...row, rank, code: commune.code, km: commune.km });
      }
    }
    if (hits.length >= wanted) break;
  }
  return hits;
}

/** The fields of her published copy a result shows (her name, commune and declaration: nothing hidden). */
type PublicCard = Pick<
  SearchResult,
  'name' | 'workplace' | 'mamName' | 'commune' | 'postalCode' | 'availability'
>;

/** One page of results for `need` around `origin`. */
export async function searchPage(
  db: Knex,
  origin: SearchOrigin,
  radius: number,
  need: Need,
  options: { after?: string; limit?: number } = {},
): Promise<{ items: SearchResult[]; next: string | null }> {
  const limit = options.limit ?? PAGE_SIZE;
  const cursor = options.after ? decode(options.after) : null;
  const reach = nearCommunes(origin, radius);
  const near = (await db.raw(`${reach.sql} order by km, code`, reach.bindings as Knex.RawBinding[]))
    .rows as Array<{ code: string; km: number }>;
  const hits = await walk(db, near, need, cursor, limit + 1);
  const page = hits.slice(0, limit);
  const last = page.at(-1);
  const known = origin.centre !== null;
  return {
    items: page.map((hit) => {
      const card = hit.profile;
      return {
        id: hit.id,
        name: card.name,
        workplace: card.workplace,
        mamName: card.mamName,
        commune: card.commune,
        postalCode: card.postalCode,
        distanceKm: known ? Math.round(hit.km * 10) / 10 : null,
        rank: hit.rank,
        availability: card.availability,
        declaredAt: hit.declaredAt ? new Date(hit.declaredAt).toISOString() : null,
      };
    }),
    next:
      hits.length > limit && last
        ? encode({ rank: last.rank, km: last.km, code: last.code, sortAt: last.sortAt, id: last.id })
        : null,
  };
}
