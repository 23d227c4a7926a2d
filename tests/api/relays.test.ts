/**
 * Relais petite enfance through the API: supervisors manage relays of their départements; parents
 * and she see the relays of her commune; she lets one help her and withdraws it in one action; with
 * her consent its agent declares for her and edits her contact through her own path (marked, audited,
 * emailed), never her identity nor her agrément; without it, or once withdrawn, nothing of her case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { apiClient } from '../support/api-client.ts';
import { waitForMail } from '../support/accounts.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, registrationFor, TEST_PASSWORD } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { queueNotice } from '../../activities/notifications.ts';
import { insertRelay, relayAgent } from '../support/relays.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let her: { registrationId: string; email: string; userId: string; token: string };
let lyon: { id: string; name: string };
let lyonToo: { id: string; name: string };
let paris: { id: string; name: string };
let agent: string;
let agentElsewhere: string;
let agentNoConsent: string;

beforeAll(async () => {
  stack = await setUpFile('api-relays', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  const active = await activeChildminder(stack, moderator);
  await stack.db('users').where({ id: active.owner.id }).update({ display_name: 'Camille Relaistest' });
  her = {
    registrationId: active.registrationId,
    email: active.owner.email,
    userId: active.owner.id,
    token: await api.login(active.owner.email, TEST_PASSWORD),
  };
  // Two relays cover Lyon (she works in Lyon 3e, an arrondissement of it); one covers Paris.
  lyon = await insertRelay(stack.db, { communeCodes: ['69123'], name: 'Relais Lyon Est de test' });
  lyonToo = await insertRelay(stack.db, { communeCodes: ['69383', '69266'], name: 'Relais Lyon 3e de test' });
  paris = await insertRelay(stack.db, {
    communeCodes: ['75111'],
    departement: '75',
    name: 'Relais Paris de test',
  });
  agent = await sessionFor(stack.db, await relayAgent(stack.db, lyon.id));
  agentNoConsent = await sessionFor(stack.db, await relayAgent(stack.db, lyonToo.id));
  agentElsewhere = await sessionFor(stack.db, await relayAgent(stack.db, paris.id));
});
afterAll(() => stack?.teardown());

const consentPath = () => `/api/registrations/${her.registrationId}/relay`;
const desk = (suffix = '') => `/api/relay/childminders/${her.registrationId}${suffix}`;
const newContact = (phone: string) => ({ ...registrationFor().contact, phone });

/** Every route a relay could use on her case, and what each answers. */
async function everyRoute(token: string) {
  const list = await api.get('/api/relay', token);
  const csv = await fetch(`${stack.apiUrl}/api/relay/childminders.csv`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    inList: list.body.items.some((item: { id: string }) => item.id === her.registrationId),
    inCsv: (await csv.text()).includes('Camille Relaistest'),
    detail: (await api.get(desk(), token)).status,
    contact: (await api.put(desk('/sections/contact'), newContact('07 09 09 09 09'), token)).status,
    availability: (await api.post(desk('/availability/full'), {}, token)).status,
  };
}

describe('relays', () => {
  it('are managed by the supervisors of the CAF of their département, and their agents invited', async () => {
    const rhone = await sessionFor(
      stack.db,
      await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] }),
    );
    const relay = {
      name: 'Relais de Bron',
      address: '1 rue de Bron',
      postalCode: '69500',
      city: 'Bron',
      phone: '04 11 22 33 44',
      communeCodes: ['69029'],
    };
    const created = await api.post('/api/supervision/relays', relay, rhone);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const outside = await api.post('/api/supervision/relays', { ...relay, communeCodes: ['75111'] }, rhone);
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('office_not_overseen');
    const noContact = await api.post('/api/supervision/relays', { ...relay, phone: null }, rhone);
    expect(noContact.status).toBe(422);
    const list = await api.get('/api/supervision/relays', rhone);
    expect(list.body.items.map((r: { name: string }) => r.name)).toContain('Relais de Bron');
    expect(list.body.items.map((r: { name: string }) => r.name)).not.toContain('Relais Paris de test');
    const paris = await sessionFor(
      stack.db,
      await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-75'] }),
    );
    expect((await api.put(`/api/supervision/relays/${created.body.id}`, relay, paris)).status).toBe(404);

    const email = `agent.bron.${Date.now()}@exemple.test`;
    const invited = await api.post(
      `/api/supervision/relays/${created.body.id}/agents`,
      { displayName: 'Agent de Bron', email },
      rhone,
    );
    expect(invited.status).toBe(201);
    const account = await stack
      .db('users')
      .where({ id: invited.body.id })
      .first('role', 'relay_id', 'totp_secret');
    expect(account).toMatchObject({ role: 'relay', relay_id: created.body.id });
    expect(account.totp_secret).toBeTruthy();
    const mail = await waitForMail(stack.mailboxUrl, email, /compte d’agent/);
    expect(mail.text).toContain('agent de relais petite enfance');
  });

  it('of her commune are shown to parents on her public page, by name and contact', async () => {
    const page = await api.get(`/api/public/childminders/${her.registrationId}`);
    expect(page.status).toBe(200);
    const names = page.body.relays.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining([lyon.name, lyonToo.name]));
    expect(names).not.toContain(paris.name);
    expect(page.body.relays[0].phone).toBe('04 00 00 00 00');
  });

  it('of her commune are named in the reminders of her declaration, where the CAF points her first', async () => {
    const subjects = {
      declaration_reminder: /Pensez à déclarer vos disponibilités/,
      declaration_overdue: /déclaration de disponibilités est en retard/,
    } as const;
    for (const template of ['declaration_reminder', 'declaration_overdue'] as const) {
      await queueNotice(stack.db, 'http://localhost:3000', {
        registrationId: her.registrationId,
        template,
        key: `relais-${template}`,
        deadline: '2027-06-01T00:00:00.000Z',
      });
      // As she receives it (the outbox clears its text once sent).
      const mail = await waitForMail(stack.mailboxUrl, her.email, subjects[template]);
      expect(mail.text, template).toContain(lyon.name);
      expect(mail.text, template).toContain('04 00 00 00 00');
      expect(mail.text, template).not.toContain(paris.name);
    }
  });

  it('of the commune searched are shown with the search results', async () => {
    const lyonSearch = await api.get('/api/public/search?commune=69123&rayon=0');
    expect(lyonSearch.status, JSON.stringify(lyonSearch.body)).toBe(200);
    const names = lyonSearch.body.relays.map((r: { name: string }) => r.name);
    expect(names).toContain(lyon.name);
    expect(names).not.toContain(paris.name);
    const parisSearch = await api.get('/api/public/search?commune=75111&rayon=0');
    expect(parisSearch.body.relays.map((r: { name: string }) => r.name)).toContain(paris.name);
  });

  it('see nothing of her case without her consent, only the figures of their communes', async () => {
    const routes = await everyRoute(agent);
    expect(routes).toEqual({ inList: false, inCsv: false, detail: 404, contact: 404, availability: 404 });
    const figures = (await api.get('/api/relay', agent)).body.figures;
    expect(figures.published).toBeGreaterThanOrEqual(1);
  });
});

describe('her consent', () => {
  it('offers the relays of her commune with what they will see and do, and refuses another', async () => {
    const page = await api.get(consentPath(), her.token);
    expect(page.status).toBe(200);
    expect(page.body.consent).toBeNull();
    expect(page.body.relays.map((r: { id: string }) => r.id).sort()).toEqual([lyon.id, lyonToo.id].sort());
    expect(page.body.statement.never.join(' ')).toContain('numéro de sécurité sociale');
    const elsewhere = await api.post(`${consentPath()}/consent`, { relayId: paris.id }, her.token);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('relay_not_covering');
  });

  it('is given to one relay: audited, and she and the relay are told', async () => {
    const granted = await api.post(`${consentPath()}/consent`, { relayId: lyon.id }, her.token);
    expect(granted.status).toBe(201);
    const audited = await stack
      .db('audit_log')
      .where({ action: 'relay.consent_granted', target_id: her.registrationId })
      .first('detail', 'actor_id');
    expect(audited).toMatchObject({ actor_id: her.userId, detail: { relayId: lyon.id } });
    await waitForMail(stack.mailboxUrl, her.email, /Vous avez autorisé le Relais Lyon Est de test/);
    const relayEmail = (await stack.db('relays').where({ id: lyon.id }).first('email')).email;
    await waitForMail(stack.mailboxUrl, relayEmail, /autorise votre relais/);
    const list = await api.get('/api/relay', agent);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([her.registrationId]);
    // Another relay of her commune, without her consent, still sees nothing; nor one of another commune.
    expect(await everyRoute(agentNoConsent)).toMatchObject({ inList: false, detail: 404, contact: 404 });
    expect(await everyRoute(agentElsewhere)).toMatchObject({ inList: false, detail: 404, availability: 404 });
  });

  it('lets the relay see her case and declare for her, marked, audited and emailed', async () => {
    const detail = await api.get(desk(), agent);
    expect(detail.status).toBe(200);
    expect(detail.body.case.status).toBe('active');
    expect(JSON.stringify(detail.body)).not.toMatch(/nir|birthName|documents/i);

    const full = await api.post(desk('/availability/full'), {}, agent);
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body.outcome).toBe('applied');
    const declaration = await stack
      .db('declaration_status')
      .where({ registration_id: her.registrationId })
      .first();
    expect(declaration.availability_status).toBe('full');

    const contact = await api.put(desk('/sections/contact'), newContact('07 05 05 05 05'), agent);
    expect(contact.status, JSON.stringify(contact.body)).toBe(200);
    expect(contact.body.outcome).toBe('applied');
    const published = await stack
      .db('public_profiles')
      .where({ registration_id: her.registrationId })
      .first('profile');
    expect(published.profile.phone).toBe('07 05 05 05 05');

    const timeline = (await api.get(`/api/registrations/${her.registrationId}`, her.token)).body.timeline;
    const byRelay = timeline.filter((e: { onBehalf: unknown }) => e.onBehalf);
    expect(byRelay.map((e: { type: string }) => e.type)).toEqual([
      'availability_declared',
      'profile_updated',
    ]);
    expect(byRelay[0].onBehalf.relayName).toBe(lyon.name);

    const audited = await stack
      .db('audit_log')
      .whereIn('action', ['availability.declared_by_relay', 'profile.changed_by_relay'])
      .where({ target_id: her.registrationId })
      .select('actor_role', 'detail');
    expect(audited).toHaveLength(2);
    for (const row of audited) {
      expect(row.actor_role).toBe('relay');
      expect(row.detail).toMatchObject({ relayId: lyon.id, onBehalfOf: her.userId });
    }
    await waitForMail(stack.mailboxUrl, her.email, /a agi pour votre compte/);
  });

  it('never lets the relay change her identity or her agrément', async () => {
    const before = await stack.db('profile_changes').where({ registration_id: her.registrationId }).count();
    for (const section of ['identity', 'agrement']) {
      // A real change (a usage name): refused as a relay's, not merely sent to the CAF.
      const value =
        section === 'identity'
          ? { ...registrationFor().identity, usageName: 'MARTIN' }
          : registrationFor().agrement;
      const refused = await api.put(desk(`/sections/${section}`), value, agent);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('section_not_delegable');
    }
    expect(await stack.db('profile_changes').where({ registration_id: her.registrationId }).count()).toEqual(
      before,
    );
  });

  it('lists and exports her when she needs it, filtered by need', async () => {
    await stack
      .db('declaration_status')
      .where({ registration_id: her.registrationId })
      .update({ overdue_deadline: new Date(Date.now() - 86_400_000) });
    const overdue = await api.get('/api/relay?besoin=declaration_overdue', agent);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([her.registrationId]);
    expect(overdue.body.items[0].needs).toContain('declaration_overdue');
    const corrections = await api.get('/api/relay?besoin=correction_requested', agent);
    expect(corrections.body.items).toEqual([]);
    const csv = await fetch(`${stack.apiUrl}/api/relay/childminders.csv?besoin=declaration_overdue`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('"Nom";"Commune"');
    expect(text).toContain('Déclaration de disponibilités en retard');
  });

  it('is withdrawn in one action: the relay loses access at once on every route', async () => {
    const withdrawn = await api.post(`${consentPath()}/withdraw`, {}, her.token);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.withdrawn).toBe(true);
    expect(await everyRoute(agent)).toEqual({
      inList: false,
      inCsv: false,
      detail: 404,
      contact: 404,
      availability: 404,
    });
    expect(
      await stack
        .db('audit_log')
        .where({ action: 'relay.consent_withdrawn', target_id: her.registrationId })
        .first('id'),
    ).toBeTruthy();
    await waitForMail(stack.mailboxUrl, her.email, /Vous avez retiré votre accord/);
    expect((await api.get(consentPath(), her.token)).body.consent).toBeNull();
  });

  it('can be asked for by a relay of her commune; she accepts it from her page', async () => {
    const asked = await api.post(desk('/consent-request'), {}, agentNoConsent);
    expect(asked.status).toBe(202);
    expect(asked.body.requested).toBe(true);
    expect((await api.post(desk('/consent-request'), {}, agentNoConsent)).body.requested).toBe(false);
    expect((await api.post(desk('/consent-request'), {}, agentElsewhere)).status).toBe(404);
    await waitForMail(stack.mailboxUrl, her.email, /vous propose son aide/);
    const page = await api.get(consentPath(), her.token);
    expect(page.body.requests.map((r: { relay: { id: string } }) => r.relay.id)).toEqual([lyonToo.id]);
    await api.post(`${consentPath()}/consent`, { relayId: lyonToo.id }, her.token);
    expect((await api.get(consentPath(), her.token)).body).toMatchObject({
      consent: { relay: { id: lyonToo.id } },
      requests: [],
    });
    expect((await everyRoute(agentNoConsent)).detail).toBe(200);
  });
});
