import type { Actions } from './$types';
import { valuesOf } from '#lib/server/forms.ts';
import { sectionForm } from '#lib/server/section-forms.ts';
import { saveSection } from '#lib/server/sections.ts';

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    const { payload, renamePath } = sectionForm('availability', values);
    return saveSection(locals, 'availability', payload, values, '/mon-dossier/documents', renamePath);
  },
};
