/**
 * Her change of identity after activation, in Chromium on the real stack: sent while the identity
 * registry (the SNGI simulator) is down, she reads that it is being checked; once the registry is
 * back her page follows; the moderator reads the registry's answer beside the proposed identity,
 * the field that differs flagged. axe-core and the layout checks at 390 and 1280 px on each page.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
} from '../support/browser.ts';
import { activeChildminder, policyWith } from '../support/childminder.ts';
import { createUser, waitForStatus } from '../support/fixtures.ts';

let suite: BrowserStack;
let moderator: Awaited<ReturnType<typeof createUser>>;
let moderatorActor: Actor;

beforeAll(async () => {
  suite = await startBrowserStack('browser-identity-change-check');
  moderator = await createUser(suite.stack.db, { role: 'moderator', officeId: 'caf-69' });
  moderatorActor = moderator.actor;
});
afterAll(() => suite?.close());

const sngiOutage = (down: boolean) =>
  fetch(`${suite.stack.sngi.url}/_control/outage`, { method: 'POST', body: JSON.stringify({ down }) });

describe('a change of identity after activation, in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('tells her it is being checked while SNGI is down, then shows the moderator the flagged answer', async () => {
    const base = policyWith([]);
    const { owner, registrationId } = await activeChildminder(suite.stack, moderatorActor, {
      policy: { ...base, lifecycle: { ...base.lifecycle!, identityRetryMaxInterval: '1 second' } },
    });
    const page = await signedInPage(suite, owner);
    await sngiOutage(true);
    try {
      await page.goto(`${suite.ui.url}/mon-profil/identite`);
      await page.getByRole('textbox', { name: /^Nom de naissance/ }).fill('DURAND');
      await page.getByRole('button', { name: 'Envoyer à la CAF' }).click();
      await page.waitForURL(/mon-profil\?enregistre=checking/);
      await expectVisible(page.getByText('Reçu : votre nouvelle identité est vérifiée'));
      await expectVisible(page.getByRole('heading', { name: 'Nouvelle identité en cours de vérification' }));
      await expectVisible(page.getByRole('cell', { name: 'DURAND' }));
      await expectAccessible(page);
    } finally {
      await sngiOutage(false);
    }

    // The registry is back: checked, sent to the CAF; her page follows without reloading.
    await waitForStatus(suite.stack.db, registrationId, 'change_in_moderation');
    await expectVisible(
      page.getByText('Identité retrouvée au répertoire national, avec des différences.'),
      20_000,
    );
    await expectVisible(page.getByRole('heading', { name: 'Modification en cours de vérification' }));
    await expectAccessible(page);
    await page.context().close();

    const staff = await signedInPage(suite, moderator);
    await staff.goto(`${suite.ui.url}/moderation/dossiers/${registrationId}`);
    await expectVisible(
      staff.getByRole('heading', { name: 'Nouvelle identité au répertoire national (SNGI)' }),
    );
    await expectVisible(staff.getByText('Identité certifiée, avec des écarts').first());
    await expectVisible(staff.getByText(/des informations de la nouvelle identité diffèrent/));
    await expectVisible(staff.getByRole('row', { name: /Nom de naissance\s+Différent\s+À vérifier/ }));
    await expectVisible(
      staff.getByText(/Modification à vérifier : Identité \(SNGI : identité certifiée, avec des écarts\)/),
    );
    await expectAccessible(staff);
    await staff.context().close();
  });
});
