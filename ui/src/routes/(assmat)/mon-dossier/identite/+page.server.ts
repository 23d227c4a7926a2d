import type { Actions } from './$types';
import { commune, int, optionalText, text, valuesOf } from '#lib/server/forms.ts';
import { saveSection } from '#lib/server/sections.ts';

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    const bornIn = text(values, 'birthPlace.kind') === 'abroad' ? 'abroad' : 'france';
    const birthCommune = commune(values, 'birthPlace.communeCode');
    const payload = {
      birthName: text(values, 'birthName'),
      usageName: optionalText(values, 'usageName'),
      firstNames: [0, 1, 2, 3].map((i) => text(values, `firstNames.${i}`)).filter(Boolean),
      sex: text(values, 'sex') || undefined,
      birthDate: {
        year: int(values, 'birthDate.year'),
        month: int(values, 'birthDate.month'),
        day: int(values, 'birthDate.day'),
      },
      birthPlace:
        bornIn === 'france'
          ? { kind: 'france', communeCode: birthCommune.code, communeName: birthCommune.label }
          : { kind: 'abroad', countryName: text(values, 'birthPlace.countryName') },
      nir: text(values, 'nir'),
    };
    // An empty first name list is reported on the first first-name field.
    return saveSection(locals, 'identity', payload, values, '/mon-dossier/agrement', (path) =>
      path === 'firstNames' ? 'firstNames.0' : path,
    );
  },
};
