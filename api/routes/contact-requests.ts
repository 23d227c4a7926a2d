/**
 * Contact requests ("mise en relation"). Public: a parent sends one from her page, confirms her
 * email by the link she receives, and follows it through that private link. Childminders: her
 * requests ("Mes demandes"), and her answer. A parent's email and message are only ever shown to the
 * childminder she wrote to, and only once her address is confirmed.
 */
import { hashToken } from '../auth/sessions.ts';
import { retryAfterHeader } from '../auth/throttle.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { CONTACT_STATUSES, DECLINE_REASONS, type ContactChannel } from '../../domain/contact-requests.ts';
import { contactAnswerSchema, contactRequestSchema } from '../../domain/contact-request-forms.ts';
import { publicContact } from '../../domain/publication.ts';
import type { RegistrationData } from '../../domain/registration.ts';
import { refuseWhenClosed } from '../departements/closure.ts';
import { caseCommands } from '../cases/commands.ts';
import { declareOneAction } from '../cases/profile-changes.ts';
import { findRegistration, isUuid } from '../cases/read-model.ts';
import { answerContactRequest, createContactRequest, verifyContactRequest } from '../contact/requests.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { publicProfileOf } from './public-search.ts';

const LINK_INVALID = 'Ce lien n’est pas valide, ou la demande a été effacée au terme de sa conservation.';

/** The columns a request's views share: never the parent's contact details. */
const SUMMARY = [
  'cr.id',
  'cr.status',
  'cr.age_group as ageGroup',
  'cr.days',
  'cr.hours_from as hoursFrom',
  'cr.hours_to as hoursTo',
  'cr.created_at as createdAt',
  'cr.delivered_at as deliveredAt',
  'cr.expires_at as expiresAt',
  'cr.answered_at as answeredAt',
  'cr.answer_kind as answerKind',
  'cr.decline_reason as declineReason',
];

export function contactRequestRoutes(deps: ApiDeps) {
  const router = newRouter('/api');
  const { db } = deps;
  const commands = caseCommands(deps);
  const startDay = db.raw(`to_char(cr.start_date, 'YYYY-MM-DD') as "startDate"`);

  router.post('/public/childminders/:id/contact-requests', retryAfterHeader, async (ctx) => {
    const id = String(ctx.params.id);
    if (!(await publicProfileOf(db, id))) throw notFound();
    const input = parse(contactRequestSchema, ctx.request.body);
    const requestId = await createContactRequest(deps, id, input, ctx.ip); // audited in its transaction
    ctx.status = 201;
    ctx.body = { id: requestId, status: 'awaiting_verification' };
  });

  /** The request a parent's private link opens (the link's token is the only key). */
  async function byToken(ctx: AppContext) {
    const link = await db('contact_request_links')
      .where({ token_hash: hashToken(String(ctx.params.token)) })
      .first('request_id');
    if (!link) throw new Problem(404, 'link_invalid', LINK_INVALID);
    return link.request_id as string;
  }

  router.post('/public/contact-requests/:token/verify', async (ctx) => {
    const requestId = await byToken(ctx);
    ctx.body = await verifyContactRequest(deps, requestId);
  });

  router.get('/public/contact-requests/:token', async (ctx) => {
    const requestId = await byToken(ctx);
    const row = await db('contact_requests as cr')
      .join('public_profiles as pp', 'pp.registration_id', 'cr.registration_id')
      .where('cr.id', requestId)
      .first(
        ...SUMMARY,
        startDay,
        'cr.registration_id as childminderId',
        'cr.answer_channel as answerChannel',
        'cr.answer_contact as answerContact',
        'cr.answer_message as answerMessage',
        'cr.purged_at as purgedAt',
        db.raw(`pp.profile->>'name' as "childminderName"`),
      );
    if (!row || row.purgedAt) throw new Problem(404, 'link_invalid', LINK_INVALID);
    ctx.body = {
      ...row,
      statusLabel: CONTACT_STATUSES[row.status as keyof typeof CONTACT_STATUSES],
      declineLabel: row.declineReason
        ? DECLINE_REASONS[row.declineReason as keyof typeof DECLINE_REASONS]
        : null,
    };
  });

  // ——— Her requests ———

  async function ownRequest(ctx: AppContext) {
    const { user } = signedIn(ctx);
    const id = String(ctx.params.id);
    if (!isUuid(id)) throw notFound();
    const row = await db('contact_requests as cr')
      .join('registrations as r', 'r.id', 'cr.registration_id')
      .where({ 'cr.id': id, 'r.user_id': user.id })
      // Never before her address is confirmed: until then, nothing was sent to her.
      .whereNotIn('cr.status', ['awaiting_verification', 'unverified'])
      .first(
        ...SUMMARY,
        startDay,
        'cr.registration_id as registrationId',
        'cr.parent_name as parentName',
        'cr.parent_email as parentEmail',
        'cr.parent_phone as parentPhone',
        'cr.message',
        'cr.answer_channel as answerChannel',
        'cr.answer_message as answerMessage',
      );
    if (!row) throw notFound();
    return row;
  }

  router.get('/contact-requests', requireRole('childminder'), async (ctx) => {
    const { user } = signedIn(ctx);
    ctx.body = await db('contact_requests as cr')
      .join('registrations as r', 'r.id', 'cr.registration_id')
      .where('r.user_id', user.id)
      .whereNotIn('cr.status', ['awaiting_verification', 'unverified'])
      .orderBy('cr.delivered_at', 'desc')
      .limit(200)
      .select(...SUMMARY, startDay, 'cr.parent_name as parentName');
  });

  router.get('/contact-requests/:id', requireRole('childminder'), async (ctx) => {
    const request = await ownRequest(ctx);
    const registration = await findRegistration(db, deps.keys, request.registrationId);
    const data = registration as unknown as RegistrationData;
    // The channels she may share with this parent, even one she hides publicly.
    const published = publicContact({
      firstName: '',
      lastName: '',
      workplace: data.agrement.workplace,
      mamName: data.agrement.mamName,
      address: data.contact.address,
      phone: data.contact.phone,
      email: data.contact.email,
      publication: data.contact.publication,
    });
    ctx.body = {
      ...request,
      channels: {
        phone: { value: data.contact.phone, public: published.phone !== null },
        email: { value: data.contact.email, public: published.email !== null },
      },
    };
  });

  router.post('/contact-requests/:id/answer', requireRole('childminder'), async (ctx) => {
    const request = await ownRequest(ctx);
    const answer = parse(contactAnswerSchema, ctx.request.body);
    // Closed by a withdrawal, her space answers nothing more (before any part of the answer is kept).
    await refuseWhenClosed(db, request.registrationId);
    const { actor } = signedIn(ctx);
    const registration = (await findRegistration(db, deps.keys, request.registrationId))!;
    const contact = registration.contact!;
    const shared = answer.kind === 'accept' ? contact[answer.channel satisfies ContactChannel] : null;
    // Audited by the activity that applies it, in its transaction (activities/contact-requests.ts).
    const view = await answerContactRequest(deps, request.id, answer, shared);
    let declaredFull = false;
    if (answer.kind === 'decline' && answer.reason === 'no_place' && answer.declareFull) {
      await declareOneAction(deps, commands, registration, actor, 'full', {
        audit: { applied: 'availability.declared', detail: { status: 'full', from: 'contact_request' } },
      });
      declaredFull = true;
    }
    ctx.body = { ...view, declaredFull };
  });

  return router;
}
