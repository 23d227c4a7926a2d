import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api } from '#lib/server/api.ts';
import { RELAY_NEEDS } from '#lib/relays.ts';

/** The relay's list as CSV, from the API, with the same filter as the page. */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (locals.user?.role !== 'relay') error(404, 'Page introuvable.');
  const need = url.searchParams.get('besoin');
  const query = need && need in RELAY_NEEDS ? `?${new URLSearchParams({ besoin: need })}` : '';
  const response = await api(locals.token).raw(`/api/relay/childminders.csv${query}`);
  if (!response.ok) error(response.status === 404 ? 404 : 503, 'Export indisponible.');
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
    },
  });
};
