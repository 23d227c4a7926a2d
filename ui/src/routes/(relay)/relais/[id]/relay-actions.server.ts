/** The relay agent acting for her, from a form: through the API's relay routes, which check her consent. */
import { error, redirect } from '@sveltejs/kit';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { refused, valuesOf } from '#lib/server/forms.ts';
import { sectionForm } from '#lib/server/section-forms.ts';
import type { RelayChildminder } from '#lib/relays.ts';

/** Her case as the relay sees it; gone (consent withdrawn) reads as a page of its own. */
export async function childminderFor(locals: App.Locals, id: string): Promise<RelayChildminder> {
  try {
    return await api(locals.token).get<RelayChildminder>(apiPath`/api/relay/childminders/${id}`);
  } catch (failure) {
    if (failure instanceof ApiProblem && failure.status === 404)
      error(
        404,
        'Cette assistante maternelle n’apparaît plus dans votre liste : elle a peut-être retiré son accord.',
      );
    throw failure;
  }
}

/** Saves her contact or availability for her. */
export async function saveForHer(
  request: Request,
  locals: App.Locals,
  id: string,
  section: 'contact' | 'availability',
) {
  const values = valuesOf(await request.formData());
  const { payload, renamePath } = sectionForm(section, values);
  let outcome: string;
  try {
    ({ outcome } = await api(locals.token).put<{ outcome: string }>(
      apiPath`/api/relay/childminders/${id}/sections/${section}`,
      payload,
    ));
  } catch (failure) {
    return refused(failure, values, renamePath);
  }
  redirect(303, `/relais/${id}?fait=${outcome}`);
}

/** « Complète » or « indisponible » for her, in one action. */
export async function declareForHer(locals: App.Locals, id: string, status: 'full' | 'unavailable') {
  let outcome: string;
  try {
    ({ outcome } = await api(locals.token).post<{ outcome: string }>(
      apiPath`/api/relay/childminders/${id}/availability/${status}`,
    ));
  } catch (failure) {
    return refused(failure, {});
  }
  redirect(303, `/relais/${id}?fait=${outcome}`);
}
