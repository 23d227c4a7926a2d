import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api } from '#lib/server/api.ts';

/** Her data export as a file to keep (the API audits each export). */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user || locals.user.role !== 'childminder') error(401, 'Reconnectez-vous.');
  const data = await api(locals.token).get<unknown>('/api/account/data');
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="mes-donnees-registre-assmat.json"',
      'cache-control': 'no-store',
    },
  });
};
