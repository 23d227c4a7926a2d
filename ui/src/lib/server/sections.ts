/** Saving one section of her registration from a form action, then moving to the next step. */
import { redirect } from '@sveltejs/kit';
import { api } from './api.ts';
import { refused, type FormValues } from './forms.ts';
import { apiPath } from '#lib/server/api.ts';

export async function registrationIdOf(locals: App.Locals): Promise<string> {
  if (locals.user?.registrationId) return locals.user.registrationId;
  return (await api(locals.token).post<{ id: string }>('/api/registrations')).id;
}

export async function saveSection(
  locals: App.Locals,
  section: 'identity' | 'agrement' | 'contact' | 'availability',
  payload: unknown,
  values: FormValues,
  next: string,
  renamePath?: (path: string) => string,
) {
  const id = await registrationIdOf(locals);
  try {
    await api(locals.token).put(apiPath`/api/registrations/${id}/sections/${section}`, payload);
  } catch (error) {
    return refused(error, values, renamePath);
  }
  redirect(303, next);
}
