/**
 * Puts what she had typed back into the page's form, after her session expired and she signed in
 * again (lib/server/saved-input.ts keeps it). Each field is set as if she typed it (input and change
 * events), so that the page's own state follows; fields that a choice reveals are filled next pass.
 */
import { tick } from 'svelte';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function fill(form: HTMLFormElement, values: Array<[string, string]>): void {
  const byName = new Map<string, string[]>();
  for (const [name, value] of values) byName.set(name, [...(byName.get(name) ?? []), value]);
  for (const element of Array.from(form.elements) as Control[]) {
    if (!element.name || element.disabled || element.type === 'hidden' || element.type === 'file') continue;
    const sent = byName.get(element.name) ?? [];
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      const checked = sent.includes(element.value);
      if (element.checked === checked) continue;
      element.checked = checked;
    } else if (sent.length) {
      if (element.value === sent[0]) continue;
      element.value = sent[0]!;
    } else continue;
    element.dispatchEvent(new Event('input', { bubbles: true }));
    element.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** The form she had sent (same action), or the first one that has her fields. */
function formOf(action: string, values: Array<[string, string]>): HTMLFormElement | null {
  const forms = Array.from(document.querySelectorAll<HTMLFormElement>('main form[method="POST" i]'));
  const names = new Set(values.map(([name]) => name));
  return (
    forms.find((f) => (f.getAttribute('action') ?? '') === action && action) ??
    forms.find((f) => !f.getAttribute('action') && !action) ??
    forms.find((f) => Array.from(f.elements).some((e) => names.has((e as Control).name))) ??
    null
  );
}

export async function restoreInput(saved: { action: string; values: Array<[string, string]> }) {
  const form = formOf(saved.action, saved.values);
  if (!form) return false;
  for (let pass = 0; pass < 3; pass++) {
    fill(form, saved.values);
    await tick();
  }
  return true;
}
