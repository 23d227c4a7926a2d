/**
 * A capacity lowered by the département, in a browser on the real stack: her dossier says her places
 * are above it, her next declaration above it is refused on the form with the rule in French, and the
 * parents' page shows her places capped to the new capacity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { apiClient } from '../support/api-client.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  newPage,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
} from '../support/browser.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';

let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-agrement-capacity');
});
afterAll(() => suite?.close());

describe('a capacity lowered below her declared places', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('is flagged to her, refused on her next declaration, and capped on the parents’ page', async () => {
    const { stack, ui } = suite;
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const { agrement } = await stack.db('registrations').where({ id: registrationId }).first('agrement');
    const agent = await createUser(stack.db, { role: 'departement_agent', departementCode: '69' });
    const sent = await apiClient(stack.apiUrl).post(
      '/api/departement/notifications',
      {
        kind: 'modification',
        reference: `PMI-CAP-UI-${Date.now().toString(36)}`,
        agrementNumber: agrement.number,
        birthName: NAMED_PEOPLE.camille.birthName,
        birthDate: NAMED_PEOPLE.camille.birthDate,
        effectiveDate: new Date().toISOString().slice(0, 10),
        reason: 'decision_pmi',
        capacity: 1,
      },
      await sessionFor(stack.db, agent),
    );
    expect([sent.status, sent.body.outcome]).toEqual([201, 'applied']);

    const page = await signedInPage(suite, owner);
    await page.goto(`${ui.url}/mon-dossier`);
    await expectVisible(page.getByRole('heading', { name: 'Vos places déclarées dépassent votre agrément' }));
    await expectAccessible(page);

    // Her form still holds her 2 places: sent as they are, refused with the rule.
    await page.getByRole('link', { name: 'Mettre à jour mes disponibilités' }).click();
    await page.waitForURL(/\/mon-profil\/disponibilites$/);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expectVisible(
      page.getByText(
        'Votre agrément autorise 1 enfant en même temps : déclarez au plus 1 place (vous en déclarez 2).',
      ),
    );
    await expectAccessible(page);
    await page.context().close();

    const parent = await newPage(suite.browser);
    await parent.goto(`${ui.url}/assistantes-maternelles/${registrationId}`);
    await expectVisible(parent.getByText('Agrément pour 1 enfant en même temps'));
    await expectVisible(parent.getByText('Moins de 3 ans : 1', { exact: true }));
    expect(await parent.getByText(/De 3 à 6 ans : /).count()).toBe(0);
    await expectAccessible(parent);
    await parent.context().close();
  });
});
