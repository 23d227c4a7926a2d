import type { Actions } from './$types';
import { int, text, valuesOf } from '#lib/server/forms.ts';
import { saveSection } from '#lib/server/sections.ts';
import { WEEKDAYS } from '#lib/domain.ts';

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    const days = Object.keys(WEEKDAYS).filter((day) => values[`slots.${day}.enabled`] === 'on');
    const payload = {
      status: text(values, 'status') || undefined,
      from: text(values, 'from'),
      places: {
        under3: int(values, 'places.under3') ?? 0,
        from3to6: int(values, 'places.from3to6') ?? 0,
        over6: int(values, 'places.over6') ?? 0,
      },
      slots: days.map((day) => ({
        day,
        start: text(values, `slots.${day}.start`),
        end: text(values, `slots.${day}.end`),
      })),
    };
    // The API numbers slots in the order sent; the form names them by day.
    return saveSection(locals, 'availability', payload, values, '/mon-dossier/documents', (path) =>
      path.replace(/^slots\.(\d+)/, (_, i: string) => `slots.${days[Number(i)]}`),
    );
  },
};
