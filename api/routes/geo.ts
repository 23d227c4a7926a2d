/** Reference data for forms: communes by name or postal code (real INSEE data), départements. */
import { z } from 'zod';
import { DEPARTEMENTS, placeSearchKey } from '../../domain/geography.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { notFound, parse } from '../problem.ts';
import { communeListView, communeView, departementListView } from '../views/geo.ts';
import { type View } from '../views/common.ts';

export const communeSearchSchema = z.object({
  q: z.string().trim().min(1).max(80),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export function geoRoutes(deps: ApiDeps) {
  const router = newRouter('/api/geo');
  const { db } = deps;
  const columns = ['code', 'name', 'departement', 'postal_codes as postalCodes', 'population'];

  router.get('/departements', (ctx) => {
    ctx.body = DEPARTEMENTS satisfies View<typeof departementListView>;
  });

  router.get('/communes', async (ctx) => {
    const { q, limit } = parse(communeSearchSchema, ctx.query);
    const query = db('communes').select(columns).orderBy('population', 'desc').limit(limit);
    if (/^\d{5}$/.test(q)) query.whereRaw('? = any(postal_codes)', [q]);
    else if (/^\d{2,4}$/.test(q)) query.whereRaw("array_to_string(postal_codes, ',') like ?", [`%${q}%`]);
    else query.where('search_name', 'like', `${placeSearchKey(q)}%`);
    ctx.body = (await query) satisfies View<typeof communeListView>;
  });

  router.get('/communes/:code', async (ctx) => {
    const commune = await db('communes')
      .where({ code: String(ctx.params.code) })
      .first(columns);
    if (!commune) throw notFound();
    ctx.body = commune satisfies View<typeof communeView>;
  });

  return router;
}
