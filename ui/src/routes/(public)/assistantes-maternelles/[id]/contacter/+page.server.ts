import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { optionalText, text, valuesOf } from '#lib/server/forms.ts';
import type { PublicPage } from '#lib/search.ts';

export const load: PageServerLoad = async ({ params }) => {
  try {
    return {
      published: await api(null).get<PublicPage>(`/api/public/childminders/${encodeURIComponent(params.id)}`),
    };
  } catch (failure) {
    if (failure instanceof ApiProblem && failure.status === 404)
      error(404, 'Cette fiche n’est pas (ou plus) publiée.');
    throw failure;
  }
};

export const actions: Actions = {
  default: async ({ request, params }) => {
    const form = await request.formData();
    const values = valuesOf(form);
    const body = {
      parentName: text(values, 'parentName'),
      parentEmail: text(values, 'parentEmail'),
      parentPhone: optionalText(values, 'parentPhone'),
      ageGroup: text(values, 'ageGroup'),
      startDate: text(values, 'startDate'),
      days: form.getAll('days').map(String),
      hoursFrom: optionalText(values, 'hoursFrom'),
      hoursTo: optionalText(values, 'hoursTo'),
      message: text(values, 'message'),
    };
    try {
      await api(null).post(
        `/api/public/childminders/${encodeURIComponent(params.id)}/contact-requests`,
        body,
      );
      return { sent: body.parentEmail };
    } catch (failure) {
      if (!(failure instanceof ApiProblem) || failure.status >= 500) throw failure;
      return fail(failure.status, {
        values,
        days: body.days,
        errors: failure.fieldErrors(),
        message: failure.errors.length ? null : failure.message,
      });
    }
  },
};
