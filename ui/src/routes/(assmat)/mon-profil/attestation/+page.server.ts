import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import { refused, text, valuesOf } from '#lib/server/forms.ts';
import { sectionForm } from '#lib/server/section-forms.ts';
import { registrationIdOf } from '#lib/server/sections.ts';

/** Her new attestation (already in quarantine) and the values it reads, sent as one change to the CAF. */
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const id = await registrationIdOf(locals);
    const values = valuesOf(await request.formData());
    const documentId = text(values, 'documentId');
    delete values.documentId;
    // Without the page's script no file reached S3: said next to the file, her values kept.
    if (!documentId)
      return fail(422, {
        values,
        errors: { document: 'Joignez votre nouvelle attestation (PDF, JPEG ou PNG).' },
        message: null,
      });
    const { payload, renamePath } = sectionForm('agrement', values);
    try {
      await api(locals.token).post(apiPath`/api/registrations/${id}/profile/attestation`, {
        documentId,
        agrement: payload,
      });
    } catch (error) {
      return refused(error, values, renamePath);
    }
    redirect(303, '/mon-profil?enregistre=attestation');
  },
};
