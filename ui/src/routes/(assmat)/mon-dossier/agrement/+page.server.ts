import type { Actions } from './$types';
import { checked, int, optionalText, text, valuesOf } from '#lib/server/forms.ts';
import { saveSection } from '#lib/server/sections.ts';

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    const payload = {
      number: text(values, 'number'),
      decisionDate: text(values, 'decisionDate'),
      expiryDate: text(values, 'expiryDate'),
      departement: text(values, 'departement'),
      capacity: int(values, 'capacity'),
      capacityException: checked(values, 'capacityException'),
      workplace: text(values, 'workplace') || undefined,
      mamName: optionalText(values, 'mamName'),
    };
    return saveSection(locals, 'agrement', payload, values, '/mon-dossier/coordonnees');
  },
};
