import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import type { SearchAnswer } from '#lib/search.ts';

interface Commune {
  code: string;
  name: string;
  postalCodes: string[];
}

const CODE = /\(([0-9][0-9AB][0-9]{3})\)\s*$/;

/** What she typed in "Où ?" as one commune, or the choices when it names several (the API decides). */
async function resolve(typed: string): Promise<{ code: string } | { choices: Commune[] }> {
  const code = CODE.exec(typed)?.[1];
  if (code) return { code };
  const found = await api(null).get<Commune[]>(`/api/public/places?q=${encodeURIComponent(typed.trim())}`);
  return found.length === 1 ? { code: found[0]!.code } : { choices: found };
}

/**
 * The search in the URL (shareable, bookmarkable): `?ou=…` from the form is resolved to a commune
 * code and the page redirects to `?commune=69383&…`; without JavaScript it is the same form and list.
 */
export const load: PageServerLoad = async ({ url }) => {
  const params = new URLSearchParams(url.searchParams);
  const typed = params.get('ou')?.trim() ?? '';
  if (typed) {
    const found = await resolve(typed).catch((failure) => {
      if (failure instanceof ApiProblem && failure.status === 422) return { choices: [] as Commune[] };
      throw failure;
    });
    params.delete('ou');
    params.delete('apres');
    if ('code' in found) {
      params.set('commune', found.code);
      redirect(303, `/recherche?${params}`);
    }
    return { typed, choices: found.choices, answer: null, errors: {}, query: params.toString() };
  }
  if (!params.get('commune')) return { typed: '', choices: [], answer: null, errors: {}, query: '' };
  try {
    const answer = await api(null).get<SearchAnswer>(`/api/public/search?${params}`);
    return { typed: '', choices: [], answer, errors: {}, query: params.toString() };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    return {
      typed: '',
      choices: [],
      answer: null,
      errors: error.fieldErrors(),
      message: error.message,
      query: '',
    };
  }
};
