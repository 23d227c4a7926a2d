/**
 * A département agent in a browser, on the real stack: she notifies a suspension with the form,
 * sends a batch file and reads its report (then sends it again: nothing applied twice), lists her
 * département's childminders, creates and revokes the API credentials of her département's systems;
 * the suspended childminder reads on her page what it means and until when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../domain/agrement-notification-csv.ts';
import { frenchDate } from '../../domain/french-dates.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser } from '../support/fixtures.ts';
import { publishedChildminder } from '../support/search.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-departement');
  ({ stack, ui } = suite);
});
afterAll(() => suite?.close());

const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const french = (iso: string) => iso.split('-').reverse().join('/');

describe('a département agent in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('suspends with the form, sends a file and reads its report, lists her childminders; she reads why', async () => {
    const her = await publishedChildminder(stack.db);
    const other = await publishedChildminder(stack.db);
    const agent = await createUser(stack.db, {
      role: 'departement_agent',
      departementCode: '69',
      name: 'Agente PMI',
    });
    const page = await pageAs(agent);

    // The form: a suspension of 30 days.
    await page.goto(`${ui.url}/departement`);
    await expectVisible(page.getByRole('heading', { name: 'Notifier une décision sur un agrément' }));
    const reference = `PMI-NAV-${Date.now().toString(36)}`;
    await page.getByLabel('Type de notification').selectOption('suspension');
    await page.getByLabel('Votre référence').fill(reference);
    await page.getByLabel('Numéro d’agrément').fill(her.data.agrement.number);
    await page.getByLabel('Nom de naissance').fill(her.data.identity.birthName);
    await page.getByLabel('Date de naissance').fill('1985-03-14');
    await page.getByLabel('Date d’effet').fill(inDays(0));
    await page.getByLabel('Suspension : dernier jour').fill(inDays(30));
    await page.getByLabel('Motif').selectOption('enquete');
    await page.getByRole('button', { name: 'Envoyer la notification' }).click();
    await expectVisible(page.getByText(`Notification ${reference} : appliquée.`));
    await expectVisible(page.getByRole('cell', { name: reference }));
    await expectAccessible(page);

    // A suspension beyond 4 months: refused, said in French, what she typed kept.
    await page.getByLabel('Votre référence').fill(`${reference}-long`);
    await page.getByLabel('Numéro d’agrément').fill(other.data.agrement.number);
    await page.getByLabel('Nom de naissance').fill(other.data.identity.birthName);
    await page.getByLabel('Date de naissance').fill('1985-03-14');
    await page.getByLabel('Date d’effet').fill(inDays(0));
    await page.getByLabel('Suspension : dernier jour').fill(inDays(200));
    await page.getByLabel('Motif').selectOption('enquete');
    await page.getByRole('button', { name: 'Envoyer la notification' }).click();
    await expectVisible(page.getByText('Une suspension dure 4 mois au plus.'));
    expect(await page.getByLabel('Numéro d’agrément').inputValue()).toBe(other.data.agrement.number);

    // The batch file, then the same file again.
    const csv = [
      CSV_HEADER,
      `${reference}-f1;retrait;${other.data.agrement.number};${other.data.identity.birthName};14/03/1985;${french(inDays(0))};;avis_commission;;;`,
      `${reference}-f2;suspension;AG-INCONNU;PERSONNE;01/01/1980;${french(inDays(0))};${french(inDays(10))};enquete;;;`,
      `${reference}-f3;suspension;${other.data.agrement.number};${other.data.identity.birthName};14/03/1985;${french(inDays(0))};${french(inDays(300))};enquete;;;`,
    ].join('\r\n');
    const file = { name: 'notifications.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };
    await page.goto(`${ui.url}/departement/fichier`);
    await page.getByLabel('Fichier CSV').setInputFiles(file);
    await page.getByRole('button', { name: 'Envoyer le fichier' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Compte rendu de notifications.csv' }));
    const outcomes = async () =>
      (await page.locator('tbody tr').allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim());
    const first = await outcomes();
    expect(first[0]).toContain('Appliquée');
    expect(first[1]).toContain('Sans correspondance');
    expect(first[2]).toContain('Refusée');
    await expectAccessible(page);
    await page.getByLabel('Fichier CSV').setInputFiles(file);
    await page.getByRole('button', { name: 'Envoyer le fichier' }).click();
    await expectVisible(page.getByText('1 déjà reçue(s)'));
    expect((await outcomes())[0]).toContain('Déjà reçue');

    // Her département's list: both, with their standing and publication.
    await page.goto(`${ui.url}/departement/assistantes-maternelles`);
    const row = page.getByRole('row', { name: new RegExp(her.data.agrement.number) });
    await expectVisible(row);
    expect(await row.textContent()).toMatch(/Suspendu jusqu’au .*Non/);
    expect(
      await page.getByRole('row', { name: new RegExp(other.data.agrement.number) }).textContent(),
    ).toContain('Retiré');
    await expectAccessible(page);
    await page.close();

    // She reads on her page what the suspension means, and until when.
    const owner = await stack.db('registrations').where({ id: her.id }).first('user_id');
    const hers = await pageAs({ id: owner.user_id, actor: { role: 'childminder' } });
    await hers.goto(`${ui.url}/mon-dossier`);
    await expectVisible(
      hers.getByRole('heading', {
        name: `Votre agrément est suspendu jusqu’au ${frenchDate(inDays(30))} inclus`,
      }),
    );
    await expectVisible(hers.getByText(/votre fiche n’est plus visible par les parents/).first());
    await expectAccessible(hers);
    await hers.close();
  });
  it('creates her département’s API credentials, reads the secret once, sees their use, revokes them', async () => {
    const agent = await createUser(stack.db, {
      role: 'departement_agent',
      departementCode: '69',
      name: 'Agente Système',
    });
    const her = await publishedChildminder(stack.db);
    const page = await pageAs(agent);
    await page.goto(`${ui.url}/departement/acces-api`);
    await expectVisible(
      page.getByRole('heading', { name: 'Accès API pour les systèmes de votre département' }),
    );
    await expectVisible(page.getByText('Aucun identifiant n’a encore été créé.'));
    await page.getByRole('button', { name: 'Créer les identifiants' }).click();
    await expectVisible(page.getByText('Nommez le système qui utilisera ces identifiants.').first());
    await page.getByLabel('Système qui les utilisera').fill('Logiciel de la PMI');
    await page.getByRole('button', { name: 'Créer les identifiants' }).click();
    const shown = page.locator('#nouveaux-identifiants');
    await expectVisible(shown.getByText('copiez le secret maintenant'));
    const [id, secret] = (await shown.locator('code').allTextContents()).map((text) => text.trim());
    await expectAccessible(page);

    // A system of the département sends a notification with them, at the service's public address.
    const sent = await fetch(`${ui.url}/api/machine/departement/notifications`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      },
      body: JSON.stringify({
        kind: 'suspension',
        reason: 'enquete',
        reference: `SI-NAV-${Date.now().toString(36)}`,
        agrementNumber: her.data.agrement.number,
        birthName: her.data.identity.birthName,
        birthDate: '1985-03-14',
        effectiveDate: inDays(0),
        endDate: inDays(10),
      }),
    });
    expect(sent.status).toBe(201);
    expect(await stack.db('agrement_notifications').where({ client_id: id }).first('channel')).toEqual({
      channel: 'api',
    });

    // Listed with its last use, never with its secret again.
    await page.goto(`${ui.url}/departement/acces-api`);
    const row = page.getByRole('row', { name: /Logiciel de la PMI/ });
    await expectVisible(row);
    expect(await row.textContent()).toContain('Agente Système');
    expect(await row.textContent()).toContain('Actifs');
    expect(await row.textContent()).not.toContain('Jamais');
    expect(await page.content()).not.toContain(secret!);
    await expectAccessible(page);

    // Revoked, after a confirmation; the system is refused at once.
    await row.getByRole('link', { name: 'Révoquer « Logiciel de la PMI »' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Révoquer « Logiciel de la PMI » ?' }));
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await expectVisible(page.getByText('Identifiants « Logiciel de la PMI » révoqués'));
    expect(await page.getByRole('row', { name: /Logiciel de la PMI/ }).textContent()).toContain(
      'Révoqués le',
    );
    const refused = await fetch(`${ui.url}/api/machine/departement/notifications`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(((await refused.json()) as { code: string }).code).toBe('revoked_client');
    await page.close();
  });

  it('her renewal due, and her case closed by a withdrawal, as she and the CAF read them', async () => {
    const soon = await publishedChildminder(stack.db, {
      availability: { places: { under3: 1, from3to6: 1, over6: 0 } },
    });
    await stack
      .db('registrations')
      .where({ id: soon.id })
      .update({
        // And a capacity lowered below her 2 declared places, as a département's modification does.
        agrement: stack.db.raw(`agrement || jsonb_build_object('expiryDate', ?::text, 'capacity', 1)`, [
          inDays(60),
        ]),
      });
    const her = await publishedChildminder(stack.db);
    const agent = await createUser(stack.db, { role: 'departement_agent', departementCode: '69' });

    // The withdrawal, through the form.
    const page = await pageAs(agent);
    await page.goto(`${ui.url}/departement`);
    const reference = `PMI-RET-${Date.now().toString(36)}`;
    await page.getByLabel('Type de notification').selectOption('withdrawal');
    await page.getByLabel('Votre référence').fill(reference);
    await page.getByLabel('Numéro d’agrément').fill(her.data.agrement.number);
    await page.getByLabel('Nom de naissance').fill(her.data.identity.birthName);
    await page.getByLabel('Date de naissance').fill('1985-03-14');
    await page.getByLabel('Date d’effet').fill(inDays(0));
    await page.getByLabel('Motif').selectOption('avis_commission');
    await page.getByRole('button', { name: 'Envoyer la notification' }).click();
    await expectVisible(page.getByText(`Notification ${reference} : appliquée.`));
    await page.close();

    const ownerOf = async (id: string) =>
      (await stack.db('registrations').where({ id }).first('user_id')).user_id as string;
    const asHer = async (id: string) => pageAs({ id: await ownerOf(id), actor: { role: 'childminder' } });

    // Two months before her expiry: her page tells her to ask the PMI for the renewal.
    const soonPage = await asHer(soon.id);
    await soonPage.goto(`${ui.url}/mon-dossier`);
    await expectVisible(
      soonPage.getByRole('heading', {
        name: `Votre agrément est valable jusqu’au ${frenchDate(inDays(60))} : pensez au renouvellement`,
      }),
    );
    await expectVisible(
      soonPage.getByRole('heading', { name: 'Vos places déclarées dépassent votre agrément' }),
    );
    await expectVisible(soonPage.getByText(/Vous déclarez 2 places disponibles/));
    await expectAccessible(soonPage);
    await soonPage.close();

    // Withdrawn: her space reads, with the reason, and offers no edit.
    const hers = await asHer(her.id);
    await hers.goto(`${ui.url}/mon-dossier`);
    await expectVisible(
      hers.getByRole('heading', { name: 'Votre agrément a été retiré : votre dossier est fermé' }),
    );
    await expectVisible(hers.getByText(/motif : retrait après avis de la commission/));
    await expectAccessible(hers);
    await hers.goto(`${ui.url}/mon-profil`);
    await expectVisible(
      hers.getByRole('heading', { name: 'Votre dossier est fermé : il ne peut plus être modifié' }),
    );
    expect(await hers.getByRole('link', { name: /Modifier/ }).count()).toBe(0);
    await expectAccessible(hers);
    await hers.goto(`${ui.url}/mon-profil/coordonnees`);
    await expectVisible(hers.getByText(/votre dossier est fermé/).first());
    expect(await hers.getByRole('button', { name: /Enregistrer/ }).count()).toBe(0);
    await hers.close();

    // The pivot CAF's moderator sees it on her case.
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const staff = await pageAs(moderator);
    await staff.goto(`${ui.url}/moderation/dossiers/${her.id}`);
    await expectVisible(staff.getByRole('heading', { name: 'Agrément retiré : dossier fermé' }));
    await expectVisible(staff.getByText(/retrait après avis de la commission/));
    await expectAccessible(staff);
    await staff.close();
  });
});
