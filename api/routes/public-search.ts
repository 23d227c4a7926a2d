/**
 * Public, no account: the parents' search and a childminder's public page. Every answer reads the
 * published copy (`public_profiles`, already filtered by her publication choices) through the one
 * publication rule (api/search/publishable.ts): a hidden field is never in it, an unpublished
 * childminder is a 404.
 */
import { z } from 'zod';
import { placeSearchKey } from '../../domain/geography.ts';
import { needOf, searchQuerySchema } from '../../domain/search.ts';
import { isUuid } from '../cases/read-model.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { publishable } from '../search/publishable.ts';
import { searchPage, type SearchOrigin } from '../search/query.ts';
import type { Db } from '../../infra/db.ts';
import { relaysCovering } from '../relays/records.ts';
import { type View } from '../views/common.ts';
import type { publicChildminderView } from '../views/public.ts';
import { relayContact } from './relay-consent.ts';

export const placeSchema = z.object({
  q: z.string().trim().min(2, 'Tapez au moins deux caractères.').max(80),
});

/** The origin commune with its centre, or a 422 on the `commune` field. */
async function originOf(db: Db, code: string): Promise<SearchOrigin & { centreSource: string | null }> {
  const row = await db('communes')
    .where({ code })
    .first('code', 'name', 'postal_codes', 'centre', 'centre_source');
  if (!row) {
    const message = 'Cette commune est inconnue : choisissez-la dans la liste.';
    throw new Problem(422, 'unknown_commune', message, [{ path: 'commune', message }]);
  }
  return {
    code: row.code,
    name: row.name,
    postalCodes: row.postal_codes,
    centre: row.centre ? { lon: row.centre.x, lat: row.centre.y } : null,
    centreSource: row.centre_source,
  };
}

/** Her public page: the published copy, when the publication rule lets parents see her. */
export async function publicProfileOf(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const row = await db('public_profiles as pp')
    .leftJoin('search_profiles as p', 'p.registration_id', 'pp.registration_id')
    .where('pp.registration_id', id)
    .andWhereRaw(publishable('pp.registration_id'))
    .first(
      'pp.profile',
      'pp.updated_at as updatedAt',
      'p.declared_at as declaredAt',
      'p.overdue',
      'p.commune_code as communeCode',
    );
  return row ?? null;
}

export function publicSearchRoutes(deps: ApiDeps) {
  const router = newRouter('/api/public');
  const { db } = deps;

  router.get('/search', async (ctx) => {
    const query = parse(searchQuerySchema, ctx.query);
    const origin = await originOf(db, query.commune);
    const radius = origin.centre ? query.rayon : 0;
    const page = await searchPage(db, origin, radius, needOf(query), { after: query.apres });
    ctx.body = {
      origin: {
        code: origin.code,
        name: origin.name,
        postalCodes: origin.postalCodes,
        centreSource: origin.centreSource,
      },
      radius,
      // Asked for a distance around a commune whose position is unknown: the commune alone, said so.
      distanceUnavailable: !origin.centre && query.rayon > 0,
      ...page,
      // The relays of the commune searched: parents may ask them about childminding there.
      relays: (await relaysCovering(db, origin.code)).map(relayContact),
    };
  });

  /**
   * What a parent typed in "Où ?", as communes: a postal code's communes (a city's arrondissement
   * rather than the city itself), else names starting so, the exact name first.
   */
  router.get('/places', async (ctx) => {
    const { q } = parse(placeSchema, ctx.query);
    const columns = ['code', 'name', 'postal_codes as postalCodes', 'parent_code as parentCode'];
    if (/^\d{5}$/.test(q)) {
      const rows = await db('communes')
        .whereRaw('? = any(postal_codes)', [q])
        .orderBy('population', 'desc')
        .select(columns);
      const parents = new Set(rows.map((row) => row.parentCode).filter(Boolean));
      ctx.body = rows.filter((row) => !parents.has(row.code));
      return;
    }
    const key = placeSearchKey(q);
    const rows = await db('communes')
      .where('search_name', 'like', `${key}%`)
      .orderBy('population', 'desc')
      .limit(12)
      .select([...columns, 'search_name']);
    const exact = rows.filter((row) => row.search_name === key);
    ctx.body = (exact.length ? exact : rows).map(({ search_name: _, ...row }) => row);
  });

  router.get('/childminders/:id', async (ctx) => {
    const row = await publicProfileOf(db, String(ctx.params.id));
    if (!row) throw notFound();
    ctx.body = {
      id: String(ctx.params.id),
      profile: row.profile,
      updatedAt: row.updatedAt,
      declaredAt: row.declaredAt ?? null,
      overdue: Boolean(row.overdue),
      // The relays of her commune: where parents can ask about childminding nearby.
      relays: row.communeCode ? (await relaysCovering(db, row.communeCode)).map(relayContact) : [],
    } satisfies View<typeof publicChildminderView>;
  });

  return router;
}
