import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';

export interface BatchReport {
  counts: Record<'applied' | 'already_applied' | 'unmatched' | 'refused', number>;
  lines: Array<{
    line: number;
    reference: string | null;
    outcome: 'applied' | 'already_applied' | 'unmatched' | 'refused';
    refusal: { code: string; message: string } | null;
  }>;
}

/** A file as French spreadsheets save it; read as UTF-8 here, checked line by line by the API. */
const MAX_FILE_BYTES = 250_000;

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const file = form.get('fichier');
    if (!(file instanceof File) || file.size === 0)
      return fail(422, { errors: { fichier: 'Choisissez un fichier CSV.' }, report: null, fileName: null });
    if (file.size > MAX_FILE_BYTES)
      return fail(413, {
        errors: { fichier: 'Ce fichier dépasse 250 Ko : envoyez-le en plusieurs fois.' },
        report: null,
        fileName: file.name,
      });
    try {
      const csv = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
      const report = await api(locals.token).post<BatchReport>('/api/departement/notifications/batch', {
        csv,
      });
      return { report, fileName: file.name, errors: {} };
    } catch (error) {
      if (error instanceof TypeError)
        return fail(422, {
          errors: { fichier: 'Ce fichier n’est pas en UTF-8 : enregistrez-le en « CSV UTF-8 ».' },
          report: null,
          fileName: file.name,
        });
      if (!(error instanceof ApiProblem)) throw error;
      return fail(error.status, { errors: { fichier: error.message }, report: null, fileName: file.name });
    }
  },
};
