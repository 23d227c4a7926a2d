/**
 * Her registration form's steps in a browser, as she fills them in: each helper fills one step,
 * saves it, waits for the next one and checks it with axe. Tests that look at one step in detail
 * write that step themselves.
 */
import type { Page } from 'playwright-core';
import { expectAccessible } from './browser.ts';

/** Saves the current step and waits for the next one (`next` matches its URL). */
async function saveAndContinue(page: Page, next: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await page.waitForURL(next);
  await expectAccessible(page);
}

/** Agrément: département 69, 3 children, at home. */
export async function fillAgrementStep(page: Page, number: string): Promise<void> {
  await page.getByLabel('Numéro d’agrément').fill(number);
  await page.getByLabel('Date de la décision').fill('2023-09-01');
  await page.getByLabel('Date de fin de validité').fill('2028-08-31');
  await page.getByLabel(/Département qui a délivré/).selectOption('69');
  await page.getByLabel('Nombre d’enfants accueillis en même temps').fill('3');
  await page.getByLabel('À mon domicile').check({ force: true }); // DSFR draws the radio on its label
  await saveAndContinue(page, /coordonnees/);
}

/** Contact details in Lyon 3e; `publishAddress` ticks the publication of her address (hidden at first). */
export async function fillContactStep(page: Page, email: string, options: { publishAddress?: boolean } = {}) {
  await page.getByRole('textbox', { name: /^Numéro et voie/ }).fill('12 rue de la République');
  await page.getByRole('combobox', { name: /^Commune \*/ }).fill('Lyon 3e Arrondissement (69383)');
  await page.getByRole('textbox', { name: 'Code postal *' }).fill('69003');
  await page.getByRole('textbox', { name: /^Téléphone/ }).fill('06 12 34 56 78');
  await page.getByRole('textbox', { name: /^Adresse électronique de contact/ }).fill(email);
  if (options.publishAddress) await page.getByLabel(/Publier mon adresse/).check({ force: true });
  await saveAndContinue(page, /disponibilites/);
}

/** Availability: one place under 3, on Mondays. */
export async function fillAvailabilityStep(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'Places disponibles' }).check({ force: true });
  await page.getByRole('textbox', { name: 'Moins de 3 ans' }).fill('1');
  await page.getByRole('checkbox', { name: 'Lundi' }).check({ force: true });
  await saveAndContinue(page, /documents/);
}
