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

interface Cursor {
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
      sql: `select c.code, 0::float8 as km from communes c where c.code = ? or c.parent_code = ?`,
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
  const near = nearCommunes(origin, radius);
  const fits = fitsFilter(need);
  const workplace = need.workplace ? 'and p.workplace = ?' : '';
  const sortAt = `coalesce(p.declared_at, '-infinity'::timestamptz)`;
  const inner = cursor
    ? `and ((r.rank, n.code) <> (?, ?) or (${sortAt}, p.registration_id) < (?::timestamptz, ?::uuid))`
    : '';
  const outer = cursor ? 'where (r.rank, n.km, n.code) >= (?, ?::float8, ?)' : '';
  const sql = `
    select r.rank, n.code as "communeCode", n.km, p.registration_id as id, p.sort_at::text as "sortAt",
           p.declared_at as "declaredAt", pp.profile->>'name' as name, pp.profile->>'workplace' as workplace,
           pp.profile->>'mamName' as "mamName", pp.profile->>'commune' as commune,
           pp.profile->>'postalCode' as "postalCode", pp.profile->'availability' as availability
      from (values (0), (1), (2)) r(rank)
      cross join (${near.sql}) n
      cross join lateral (
        select p.registration_id, p.declared_at, ${sortAt} as sort_at
          from search_profiles p
         where p.commune_code = n.code
           and p.overdue = (r.rank = 2)
           and case r.rank when 0 then ${fits.sql}
                           when 1 then p.availability_status = 'full'
                           else (${fits.sql}) or p.availability_status = 'full' end
           ${workplace}
           and ${publishable('p.registration_id')}
           ${inner}
         order by ${sortAt} desc, p.registration_id desc
         limit ?
      ) p
      join public_profiles pp on pp.registration_id = p.registration_id
      ${outer}
     order by r.rank, n.km, n.code, p.sort_at desc, p.registration_id desc
     limit ?`;
  const bindings = [
    ...near.bindings,
    ...fits.bindings,
    ...fits.bindings,
    ...(need.workplace ? [need.workplace] : []),
    ...(cursor ? [cursor.rank, cursor.code, cursor.sortAt, cursor.id] : []),
    limit + 1,
    ...(cursor ? [cursor.rank, cursor.km, cursor.code] : []),
    limit + 1,
  ];
  const rows = (await db.raw(sql, bindings as Knex.RawBinding[])).rows as Array<
    Omit<SearchResult, 'distanceKm'> & { km: number; communeCode: string; sortAt: string }
  >;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const known = origin.centre !== null;
  return {
    items: page.map((row) => ({
      id: row.id,
      name: row.name,
      workplace: row.workplace,
      mamName: row.mamName,
      commune: row.commune,
      postalCode: row.postalCode,
      distanceKm: known ? Math.round(row.km * 10) / 10 : null,
      rank: row.rank,
      availability: row.availability,
      declaredAt: row.declaredAt ? new Date(row.declaredAt).toISOString() : null,
    })),
    next:
      rows.length > limit && last
        ? encode({
            rank: last.rank,
            km: last.km,
            code: last.communeCode,
            sortAt: last.sortAt,
            id: last.id,
          })
        : null,
  };
}
