import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import type { RoutingChange, RoutingRow } from '../types.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  const client = api(locals.token);
  const [routing, changes] = await Promise.all([
    client.get<RoutingRow[]>('/api/supervision/routing'),
    client.get<RoutingChange[]>('/api/supervision/routing/changes?limit=20'),
  ]);
  return { routing, changes, changed: url.searchParams.get('modifie') };
};
