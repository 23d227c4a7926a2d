/**
 * A département's modification lowering her capacity below the places she declared, on the real
 * stack: she is told by one email (the notification sent twice, the activity retried: still one),
 * parents see her places capped to the new capacity at once (her public page and the search), and
 * her next declaration above her agrément's limits is refused with a French message and a stable code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationActivities } from '../../activities/notifications.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { waitFor } from '../../stack/wait.ts';
import { mailsMatching, waitForMail } from '../support/accounts.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let agent: string;
let moderator: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  stack = await setUpFile('agrement-capacity', { api: true });
  api = apiClient(stack.apiUrl);
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
});
afterAll(() => stack?.teardown());

let counter = 0;
const today = () => new Date().toISOString().slice(0, 10);

/** A modification of her agrément as the PMI sends it (Camille's birth name and date). */
function modification(registration: { agrement: { number: string } }, capacity: number) {
  return {
    kind: 'modification',
    reference: `PMI-CAP-${Date.now().toString(36)}-${++counter}`,
    agrementNumber: registration.agrement.number,
    birthName: NAMED_PEOPLE.camille.birthName,
    birthDate: NAMED_PEOPLE.camille.birthDate,
    effectiveDate: today(),
    reason: 'decision_pmi',
    capacity,
  };
}

/** The agrément emails queued for her, by their dedupe key. */
const queuedFor = (registrationId: string): Promise<string[]> =>
  stack
    .db('outbox')
    .where({ registration_id: registrationId })
    .whereLike('dedupe_key', '%:agrement:%')
    .pluck('dedupe_key');

const publicPlaces = async (id: string) => {
  const page = await api.get(`/api/public/childminders/${id}`);
  expect(page.status).toBe(200);
  return { places: page.body.profile.availability.places, capacity: page.body.profile.capacity };
};
const foundFor = async (id: string, age: string) => {
  const found = await api.get(`/api/public/search?commune=69383&rayon=0&age=${age}`);
  expect(found.status).toBe(200);
  return found.body.items.some((item: { id: string }) => item.id === id);
};

const declaration = (places: Record<string, number>) => ({
  status: 'available',
  from: today(),
  places,
  slots: [{ day: 'mon', start: '07:30', end: '18:30' }],
});

describe('a modification lowering her capacity below her declared places', () => {
  it('caps what parents see at once, tells her by one email, and refuses her next declaration beyond it', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const hers = await sessionFor(stack.db, owner);
    const { agrement } = await stack.db('registrations').where({ id: registrationId }).first('agrement');
    // Declared at registration: 1 place under 3, 1 from 3 to 6, capacity 3.
    expect(await publicPlaces(registrationId)).toEqual({
      places: { under3: 1, from3to6: 1, over6: 0 },
      capacity: 3,
    });
    expect(await foundFor(registrationId, 'from3to6')).toBe(true);

    const lowered = modification({ agrement }, 1);
    const sent = await api.post('/api/departement/notifications', lowered, agent);
    expect([sent.status, sent.body.outcome]).toEqual([201, 'applied']);

    // At once, in the answer's transaction: never more places than her agrément allows now.
    expect(await publicPlaces(registrationId)).toEqual({
      places: { under3: 1, from3to6: 0, over6: 0 },
      capacity: 1,
    });
    expect(await foundFor(registrationId, 'from3to6')).toBe(false);
    expect(await foundFor(registrationId, 'under3')).toBe(true);
    const preview = await api.get(`/api/registrations/${registrationId}/profile/public`, hers);
    expect(preview.body.profile.availability.places).toEqual({ under3: 1, from3to6: 0, over6: 0 });

    // One email, saying what changed and what to do.
    const notificationId = sent.body.notificationId as string;
    const subject = /^Votre agrément a été modifié : mettez à jour vos places disponibles$/;
    const mail = await waitForMail(stack.mailboxUrl, owner.email, subject, 15_000);
    expect(mail.text).toContain('il autorise désormais 1 enfant en même temps');
    expect(mail.text).toContain('Vous aviez déclaré 2 places disponibles');
    expect(mail.text).toContain('les parents ne voient plus que 1 place');
    expect(mail.text).toContain('Déclarez à nouveau vos disponibilités, dans la limite de 1 place');

    // Sent again by the département, and the email's activity retried: still one email.
    const again = await api.post('/api/departement/notifications', lowered, agent);
    expect([again.status, again.body.outcome]).toEqual([200, 'already_applied']);
    await notificationActivities(stack.db, 'http://registre.test').notifyChildminder({
      registrationId,
      template: 'agrement_modified',
      key: `agrement:${notificationId}`,
    });
    expect(await queuedFor(registrationId)).toEqual([`case:${registrationId}:agrement:${notificationId}`]);
    expect(await mailsMatching(stack.mailboxUrl, owner.email, subject)).toHaveLength(1);

    // Her next declaration above the new capacity is refused, and changes nothing.
    const refused = await api.put(
      `/api/registrations/${registrationId}/profile/sections/availability`,
      declaration({ under3: 1, from3to6: 1, over6: 0 }),
      hers,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('places_above_capacity');
    expect(refused.body.detail).toBe(
      'Votre agrément autorise 1 enfant en même temps : déclarez au plus 1 place (vous en déclarez 2).',
    );
    expect(refused.body.errors).toEqual([{ path: 'places', message: refused.body.detail }]);
    expect(await stack.db('profile_changes').where({ registration_id: registrationId })).toHaveLength(0);

    // Within it: applied, and parents see exactly what she declared.
    const within = await api.put(
      `/api/registrations/${registrationId}/profile/sections/availability`,
      declaration({ under3: 0, from3to6: 1, over6: 0 }),
      hers,
    );
    expect([within.status, within.body.outcome]).toEqual([200, 'applied']);
    await waitFor('sa nouvelle déclaration publiée', 15_000, async () => {
      const { places } = await publicPlaces(registrationId);
      if (places.from3to6 !== 1) throw new Error('pas encore');
    });
    expect(await publicPlaces(registrationId)).toEqual({
      places: { under3: 0, from3to6: 1, over6: 0 },
      capacity: 1,
    });
    expect(await foundFor(registrationId, 'from3to6')).toBe(true);
  });

  it('a capacity raised without the exception still keeps her to 4 places under 3', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const { agrement } = await stack.db('registrations').where({ id: registrationId }).first('agrement');
    const raised = await api.post('/api/departement/notifications', modification({ agrement }, 6), agent);
    expect([raised.status, raised.body.outcome]).toEqual([201, 'applied']);
    const refused = await api.put(
      `/api/registrations/${registrationId}/profile/sections/availability`,
      declaration({ under3: 5, from3to6: 0, over6: 0 }),
      await sessionFor(stack.db, owner),
    );
    expect([refused.status, refused.body.code]).toEqual([422, 'places_under3_above_limit']);
    expect(refused.body.detail).toMatch(/^La loi limite à 4 les enfants de moins de 3 ans accueillis/);
  });
});
