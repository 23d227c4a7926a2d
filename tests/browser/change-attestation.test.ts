/**
 * Her new attestation after activation in Chromium, on the real stack: her agrément has expired and
 * she is out of the register; a refused file comes back next to its field with what she typed kept;
 * the accepted one goes with the new date to the pivot CAF, whose moderator sees it first beside the
 * current and declared values, the automatic checks judging the new date, and approves the change
 * (so the choices read); she is back in the register. axe and the layout checks on every page, at
 * 390 and 1280 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_REFUSALS } from '../../domain/documents.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
} from '../support/browser.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, notAPdf, registrationFor, samplePdf, waitForStatus } from '../support/fixtures.ts';

let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-change-attestation');
});
afterAll(() => suite?.close());

const DAY = 24 * 3600_000;
const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('a new attestation after activation, in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('she sends the file with the new date; the CAF reads it beside the values and approves', async () => {
    const { stack, ui } = suite;
    const moderatorUser = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const data = registrationFor();
    data.agrement = { ...data.agrement!, expiryDate: isoDay(-1) };
    const { owner, registrationId } = await activeChildminder(stack, moderatorUser.actor, { data });
    const publicStatus = async () =>
      (await fetch(`${stack.apiUrl}/api/public/childminders/${registrationId}`)).status;
    expect(await publicStatus()).toBe(404);
    const renewedTo = isoDay(900);

    const page = await signedInPage(suite, owner);
    await page.goto(`${ui.url}/mon-profil`);
    await page.getByRole('link', { name: /Envoyer une nouvelle attestation/ }).click();
    await page.waitForURL(/mon-profil\/attestation$/);
    await expectVisible(page.getByRole('heading', { name: 'Envoyer une nouvelle attestation d’agrément' }));
    await expectAccessible(page);

    // A file that is no PDF: refused next to its field, the new date she typed still there.
    await page.getByLabel('Date de fin de validité').fill(renewedTo);
    await page.getByLabel(/Nouvelle attestation d’agrément/).setInputFiles({
      name: 'attestation.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(notAPdf()),
    });
    await page.getByRole('button', { name: 'Envoyer à la CAF' }).click();
    await expectVisible(page.locator('#document-error').getByText(DOCUMENT_REFUSALS.wrong_type));
    expect(await page.getByLabel('Date de fin de validité').inputValue()).toBe(renewedTo);
    await expectAccessible(page);
    expect(await stack.db('profile_changes').where({ registration_id: registrationId })).toEqual([]);

    await page.getByLabel(/Nouvelle attestation d’agrément/).setInputFiles({
      name: 'attestation-2026.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await samplePdf()),
    });
    await page.getByRole('button', { name: 'Envoyer à la CAF' }).click();
    await page.waitForURL(/mon-profil\?enregistre=attestation/);
    await expectVisible(
      page.getByText('Votre nouvelle attestation, vérifiée, est jointe à cette modification.'),
    );
    await expectAccessible(page);
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');

    const staff = await signedInPage(suite, moderatorUser);
    await staff.goto(`${ui.url}/moderation/dossiers/${registrationId}`);
    await expectVisible(staff.getByRole('heading', { name: /Nouvelle attestation jointe/ }));
    await expectVisible(staff.getByText(/Attestation jointe par la personne : « attestation-2026.pdf »/));
    await expectVisible(staff.getByRole('link', { name: /attestation-2026\.pdf/ }));
    await staff.getByRole('button', { name: 'Prendre en charge ce dossier' }).click();
    await expectVisible(staff.getByRole('button', { name: 'Enregistrer la décision' }));
    await expectAccessible(staff);
    // The automatic checks judge the renewal she sends, not her expired agrément: nothing to confirm.
    await expectVisible(staff.getByText(/^Valide jusqu’au .*, selon la modification proposée\.$/));
    // The choices say what is decided: this change, not her registration.
    expect(await staff.getByLabel('Valider l’inscription').count()).toBe(0);
    expect(await staff.getByLabel('Refuser la modification').count()).toBe(1);
    await staff.getByLabel('Valider la modification').check({ force: true });
    expect(await staff.getByLabel(/Je valide malgré/).count()).toBe(0);
    await expectAccessible(staff);
    await staff.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await waitForStatus(stack.db, registrationId, 'active');
    expect(
      (await stack.db('registrations').where({ id: registrationId }).first('agrement')).agrement.expiryDate,
    ).toBe(renewedTo);
    expect(await publicStatus()).toBe(200);

    await page.goto(`${ui.url}/mon-profil`);
    await expectVisible(page.getByText(/La CAF a validé votre modification/));
    await expectAccessible(page);
  });
});
