import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, apiPath } from '#lib/server/api.ts';

/** Commune suggestions for the pickers (name or postal code), from the API's reference data. */
export const GET: RequestHandler = async ({ url }) => {
  const q = url.searchParams.get('q')?.trim() ?? '';
  if (q.length < 2) return json([]);
  return json(await api(null).get(apiPath`/api/geo/communes?q=${q}&limit=12`));
};
