import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { homeOf, setSessionCookie } from '#lib/server/session.ts';

interface Invitation {
  email: string;
  displayName: string;
  role: 'moderator' | 'supervisor' | 'relay' | 'data_protection' | 'departement_agent';
  national: boolean;
  offices: Array<{ id: string; name: string }>;
  departement: { code: string; name: string } | null;
  totp: { secret: string; uri: string; qrSvg: string };
}

const path = (token: string) => apiPath`/api/auth/invitations/${token}`;

/** The invitation: who she is, and the second factor to enrol (QR code drawn by the API as SVG). */
export const load: PageServerLoad = async ({ params }) => {
  try {
    return { invitation: await api(null).get<Invitation>(path(params.token)), invalid: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { invitation: null, invalid: error.message };
    throw error;
  }
};

export const actions: Actions = {
  /** Sets her password and confirms the app with a code; she is then signed in. */
  default: async ({ params, request, cookies, url }) => {
    const form = await request.formData();
    const code = String(form.get('code') ?? '');
    let session: {
      token: string;
      expiresAt: string;
      role: 'moderator' | 'supervisor' | 'relay' | 'data_protection';
    };
    try {
      session = await api(null).post(path(params.token), {
        password: String(form.get('password') ?? ''),
        code,
      });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, { code, errors, message: Object.keys(errors).length ? null : error.message });
    }
    setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
    redirect(303, homeOf(session.role));
  },
};
