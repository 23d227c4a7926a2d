/**
 * Her side of the registration in Chromium, on the real stack: the whole form with a mistake she
 * fixes, files uploaded with progress then replaced and removed, a status page that moves on its
 * own, and the correction loop back to the same office. axe-core checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { plainPdf } from '../support/childminder.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  samplePng,
  TEST_PASSWORD,
  waitForStatus,
} from '../support/fixtures.ts';
import { fillAgrementStep, fillAvailabilityStep, fillContactStep } from '../support/registration-form.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;
let moderator: Actor;

beforeAll(async () => {
  suite = await startBrowserStack('browser-childminder-registration');
  ({ stack, ui, browser } = suite);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => suite?.close());

// DSFR draws radios and checkboxes on their label, which takes the click: hence `force` below.

async function signIn(page: Page, email: string) {
  await page.goto(`${ui.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/mon-dossier/);
}

/** The NIR with a wrong key: one digit off, as when copied from the card in a hurry. */
function withWrongKey(nir: string): string {
  const key = Number(nir.slice(13));
  return nir.slice(0, 13) + String((key % 97) + 1).padStart(2, '0');
}

describe('her registration in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('fills in the whole form, fixing a wrong NIR key, and handles her files until submission', async () => {
    const camille = NAMED_PEOPLE.camille;
    const owner = await createUser(stack.db);
    const page = await newPage(browser);
    await signIn(page, owner.email);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Continuer mon dossier' }).click();
    await page.waitForURL(/identite/);
    await page.getByLabel('Nom de naissance').fill(camille.birthName);
    await page.getByLabel('Prénom 1').fill(camille.firstNames[0]!);
    await page.getByLabel('Prénom 2').fill(camille.firstNames[1]!);
    await page.getByLabel('Féminin').check({ force: true });
    await page.getByRole('textbox', { name: 'Jour', exact: true }).fill('14');
    await page.getByRole('combobox', { name: 'Mois' }).selectOption('3');
    await page.getByRole('textbox', { name: 'Année *' }).fill('1985');
    await page.getByLabel(/Commune de naissance/).fill('Lyon 3e Arrondissement (69383)');
    await page.getByLabel(/Numéro de sécurité sociale/).fill(withWrongKey(camille.nir));
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    // Refused: the error sits under the field, the summary links to it, and what she typed stays.
    const nirError = page.locator('#nir-error');
    await expectVisible(nirError);
    expect(await nirError.textContent()).toMatch(/La clé .* ne correspond pas/);
    await expectVisible(page.getByRole('link', { name: /La clé .* ne correspond pas/ }));
    expect(await page.getByLabel('Nom de naissance').inputValue()).toBe(camille.birthName);
    expect(await page.getByLabel('Prénom 2').inputValue()).toBe(camille.firstNames[1]);
    expect(await page.getByLabel(/Numéro de sécurité sociale/).getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/identite/);
    await expectAccessible(page);

    await page.getByLabel(/Numéro de sécurité sociale/).fill(camille.nir);
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/agrement/);
    await expectAccessible(page);
    await fillAgrementStep(page, 'AG-69-2023-0077');
    // Her contact email starts from her account's; what is published starts from the legal minimum.
    expect(await page.getByRole('textbox', { name: /^Adresse électronique de contact/ }).inputValue()).toBe(
      owner.email,
    );
    expect(await page.getByLabel(/Publier mon adresse/).isChecked()).toBe(false);
    expect(await page.getByLabel('Publier mon téléphone').isChecked()).toBe(false);
    expect(await page.getByLabel('Publier mon courriel').isChecked()).toBe(true);
    await expectVisible(page.getByText(/nous ne publions que le minimum prévu par la loi/));
    await fillContactStep(page, 'camille@exemple.test', { publishAddress: true });
    await fillAvailabilityStep(page);

    // Two files at once, each with its progress bar, checked by the workflow.
    await page.getByLabel('Ajouter des fichiers').setInputFiles([
      { name: 'agrement-page1.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf()) },
      { name: 'agrement-page2.png', mimeType: 'image/png', buffer: Buffer.from(await samplePng()) },
    ]);
    const progress = page.getByRole('progressbar', { name: 'Progression de l’envoi de agrement-page2.png' });
    await expectVisible(progress, 30_000);
    await expect
      .poll(() => page.getByText('Fichier vérifié et ajouté à votre dossier.').count(), { timeout: 30_000 })
      .toBe(2);
    expect(await progress.getAttribute('value')).toBe('100');
    await expectVisible(page.getByRole('link', { name: 'agrement-page2.png' }));
    await expectAccessible(page);

    // Replace the photo with a PDF, then remove the first page.
    await page.getByLabel('Remplacer agrement-page2.png').setInputFiles({
      name: 'agrement-page2.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(plainPdf()),
    });
    await expectVisible(
      page.getByText('« agrement-page2.png » est remplacé par « agrement-page2.pdf »'),
      30_000,
    );
    await page.getByRole('button', { name: 'Retirer agrement-page1.pdf' }).click();
    await expectVisible(page.getByText('« agrement-page1.pdf » est retiré de votre dossier.'));
    await expectVisible(page.getByRole('link', { name: 'agrement-page2.pdf' }));
    expect(await page.getByRole('link', { name: 'agrement-page1.pdf' }).count()).toBe(0);
    await expectAccessible(page);
    const registrationId = (await stack.db('registrations').where({ user_id: owner.id }).first('id')).id;
    const files = await stack
      .db('documents')
      .where({ registration_id: registrationId })
      .orderBy('created_at')
      .select('file_name', 'status');
    expect(files).toEqual([
      { file_name: 'agrement-page1.pdf', status: 'removed' },
      { file_name: 'agrement-page2.png', status: 'removed' },
      { file_name: 'agrement-page2.pdf', status: 'accepted' },
    ]);

    await page.getByRole('link', { name: 'Continuer vers le récapitulatif' }).click();
    await page.waitForURL(/recapitulatif/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Déposer mon dossier' }).click();
    await page.waitForURL(/mon-dossier\?depose=1/);
    // Her own write, read back at once: never "Brouillon" beside "Votre dossier est déposé".
    expect(await page.locator('.fr-callout__title .fr-badge').textContent()).not.toBe('Brouillon');
    await expectVisible(page.getByText('En cours d’examen').first(), 30_000);
    await expectAccessible(page);

    // While the CAF examines it, the last copy cannot be removed; the page says why.
    await page.goto(`${ui.url}/mon-dossier/documents`);
    await page.getByRole('button', { name: 'Retirer agrement-page2.pdf' }).click();
    await expectVisible(page.getByRole('alert').filter({ hasText: 'ajoutez d’abord la nouvelle' }));
    await expectAccessible(page);
    await page.context().close();
  });

  it('follows a correction request without reloading, goes straight to the part to fix, and resubmits to the same office', async () => {
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const commands = caseCommands(stack.deps);
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');

    const page = await newPage(browser);
    await signIn(page, owner.email);
    await expectVisible(page.getByText('En cours d’examen').first());

    // The moderator asks for a correction while her page is open.
    await commands.claim(registrationId, moderator);
    const [message] = await stack
      .db('case_messages')
      .insert({
        registration_id: registrationId,
        author_id: moderator.userId,
        kind: 'correction_request',
        reason_code: 'incorrect',
        body: 'Le numéro d’agrément ne correspond pas à l’attestation.',
        fields: ['agrement'],
      })
      .returning('id');
    await commands.decide(registrationId, {
      actor: moderator,
      kind: 'request_correction',
      messageId: message.id,
    });
    await expectVisible(page.getByText('ne correspond pas à l’attestation').first(), 20_000);
    await expectVisible(page.getByText('Correction demandée').first());
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Corriger maintenant : Agrément' }).click();
    await page.waitForURL(/mon-dossier\/agrement/);
    await expectVisible(page.getByRole('heading', { name: /La CAF vous demande de corriger cette partie/ }));
    await expectVisible(page.getByText('« Le numéro d’agrément ne correspond pas à l’attestation. »'));
    await expectAccessible(page);
    await page.getByLabel('Numéro d’agrément').fill('AG-69-2023-0042');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/coordonnees/);

    await page.goto(`${ui.url}/mon-dossier/recapitulatif`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Déposer mon dossier corrigé' }).click();
    await page.waitForURL(/mon-dossier\?depose=1/);
    // Her own write, read back at once: never her old status beside "Votre dossier est déposé".
    expect(await page.locator('.fr-callout__title .fr-badge').textContent()).not.toBe('Correction demandée');
    await expectVisible(page.getByText('En cours d’examen').first(), 30_000);
    await expectAccessible(page);

    const row = await stack.db('cases').where({ registration_id: registrationId }).first();
    expect(row).toMatchObject({ status: 'in_moderation', office_id: 'caf-69' });
    const saved = await stack.db('registrations').where({ id: registrationId }).first('agrement');
    expect(saved.agrement.number).toBe('AG-69-2023-0042');
    const types = await stack
      .db('case_events')
      .where({ registration_id: registrationId })
      .orderBy('seq')
      .pluck('type');
    expect(types.slice(-4)).toEqual([
      'correction_requested',
      'resubmitted',
      'identity_checked',
      'back_in_queue',
    ]);
    await page.context().close();
  });
});
