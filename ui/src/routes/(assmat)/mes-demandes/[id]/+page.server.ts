import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { checked, optionalText, text, valuesOf } from '#lib/server/forms.ts';
import type { RequestDetail } from '#lib/search.ts';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:request');
  return {
    request: await api(locals.token).get<RequestDetail>(
      `/api/contact-requests/${encodeURIComponent(params.id)}`,
    ),
  };
};

async function answer(
  token: string | null,
  id: string,
  body: Record<string, unknown>,
  values: Record<string, string>,
) {
  try {
    const done = await api(token).post<{ status: string; declaredFull: boolean }>(
      `/api/contact-requests/${encodeURIComponent(id)}/answer`,
      body,
    );
    return { done: done.status, declaredFull: done.declaredFull };
  } catch (failure) {
    if (!(failure instanceof ApiProblem) || failure.status >= 500) throw failure;
    return fail(failure.status, {
      kind: body.kind as string,
      values,
      errors: failure.fieldErrors(),
      message: failure.errors.length ? null : failure.message,
    });
  }
}

export const actions: Actions = {
  accept: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData());
    return answer(
      locals.token,
      params.id,
      { kind: 'accept', channel: text(values, 'channel'), message: text(values, 'message') },
      values,
    );
  },
  decline: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData());
    return answer(
      locals.token,
      params.id,
      {
        kind: 'decline',
        reason: text(values, 'reason'),
        message: optionalText(values, 'message'),
        declareFull: checked(values, 'declareFull'),
      },
      values,
    );
  },
};
