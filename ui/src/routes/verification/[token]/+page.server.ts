import type { PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';

/** The link of the email: opening it confirms the address (the token is the proof; no session needed). */
export const load: PageServerLoad = async ({ params, locals }) => {
  const signedIn = locals.user !== null;
  try {
    await api(null).post(apiPath`/api/auth/email-verification/${params.token}`);
    return { verified: true, signedIn, message: null };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    // A used verification link confirmed this very address: a second click (or a preload) is no failure.
    if (error.code === 'link_used') return { verified: true, signedIn, message: null };
    return { verified: false, signedIn, message: error.message };
  }
};
