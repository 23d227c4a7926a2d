/**
 * Form data to API payloads, and back: field names are the API's paths (`birthDate.year`), so an
 * error from the API lands next to its field, and what she typed is shown again when it is refused.
 */
import { fail } from '@sveltejs/kit';
import { ApiProblem } from './api.ts';

export type FormValues = Record<string, string>;

/** Every submitted field as text (checkboxes: "on"), to refill the form. */
export function valuesOf(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form.entries()) if (typeof value === 'string') values[name] = value;
  return values;
}

export function text(values: FormValues, name: string): string {
  return (values[name] ?? '').trim();
}

export function optionalText(values: FormValues, name: string): string | null {
  return text(values, name) || null;
}

/** An integer, or null when empty; a non-number stays a string so the API explains the error. */
export function int(values: FormValues, name: string): number | string | null {
  const raw = text(values, name);
  if (raw === '') return null;
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

export function checked(values: FormValues, name: string): boolean {
  return values[name] === 'on' || values[name] === 'true';
}

/** A commune picked in the list: the hidden code, or the code in parentheses of the typed label. */
export function commune(values: FormValues, name: string): { code: string; label: string } {
  const label = text(values, `${name}Label`);
  const fromLabel = /\(([0-9][0-9AB][0-9]{3})\)/.exec(label)?.[1] ?? '';
  const code = text(values, name) || fromLabel;
  return { code, label: label.replace(/\s*\(.*$/, '').trim() };
}

/** Turns a refused save into the page's form state: her values, and the errors by field. */
export function refused(error: unknown, values: FormValues, renamePath: (path: string) => string = (p) => p) {
  if (!(error instanceof ApiProblem)) throw error;
  const errors: Record<string, string> = {};
  for (const e of error.errors) errors[renamePath(e.path)] ??= e.message;
  return fail(error.status, { values, errors, message: error.errors.length ? null : error.message });
}
