/** Saving one section of her profile from a form action: the API applies it or sends it to the CAF. */
import { redirect } from '@sveltejs/kit';
import { api, apiPath } from '#lib/server/api.ts';
import { refused, valuesOf } from '#lib/server/forms.ts';
import { sectionForm, type SectionName } from '#lib/server/section-forms.ts';

export async function saveProfileSection(
  request: Request,
  locals: App.Locals,
  registrationId: string,
  section: SectionName,
) {
  const values = valuesOf(await request.formData());
  const { payload, renamePath } = sectionForm(section, values);
  let outcome: string;
  try {
    ({ outcome } = await api(locals.token).put<{ outcome: string }>(
      apiPath`/api/registrations/${registrationId}/profile/sections/${section}`,
      payload,
    ));
  } catch (error) {
    return refused(error, values, renamePath);
  }
  redirect(303, `/mon-profil?enregistre=${outcome}`);
}

/** "Complète" or "indisponible", once she has confirmed what it means. */
export async function declareOneAction(
  locals: App.Locals,
  registrationId: string,
  status: 'full' | 'unavailable',
) {
  try {
    await api(locals.token).post(
      apiPath`/api/registrations/${registrationId}/profile/availability/${status}`,
    );
  } catch (error) {
    return refused(error, {});
  }
  redirect(303, `/mon-profil?enregistre=${status}`);
}
