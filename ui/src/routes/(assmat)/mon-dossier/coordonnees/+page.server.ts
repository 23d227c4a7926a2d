import type { Actions } from './$types';
import { checked, commune, optionalText, text, valuesOf } from '#lib/server/forms.ts';
import { saveSection } from '#lib/server/sections.ts';

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    const place = commune(values, 'address.communeCode');
    const payload = {
      address: {
        line1: text(values, 'address.line1'),
        line2: optionalText(values, 'address.line2'),
        postalCode: text(values, 'address.postalCode'),
        communeCode: place.code,
        communeName: place.label,
      },
      phone: text(values, 'phone'),
      email: text(values, 'email'),
      publication: {
        showAddress: checked(values, 'publication.showAddress'),
        showPhone: checked(values, 'publication.showPhone'),
        showEmail: checked(values, 'publication.showEmail'),
      },
    };
    return saveSection(locals, 'contact', payload, values, '/mon-dossier/disponibilites', (path) =>
      path.startsWith('address.communeName') ? 'address.communeCode' : path,
    );
  },
};
