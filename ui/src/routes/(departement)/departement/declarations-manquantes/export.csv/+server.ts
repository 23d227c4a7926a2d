import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api } from '#lib/server/api.ts';
import { filtersOf } from '../filters.ts';

/** The list as CSV, from the API, with the page's filters (the API records the export). */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (locals.user?.role !== 'departement_agent') error(404, 'Page introuvable.');
  const filters = filtersOf(url);
  filters.delete('page');
  const response = await api(locals.token).raw(
    `/api/departement/missed-declarations.csv${filters.size ? `?${filters}` : ''}`,
  );
  if (!response.ok) error(response.status === 422 ? 422 : 503, 'Export indisponible.');
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
    },
  });
};
