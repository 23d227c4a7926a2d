/**
 * The steps of a contact request (workflows/contact-request.ts): the parent's verification link,
 * delivery to the childminder, the reminder, her answer, expiry, and the erasure of personal data
 * after the retention period. Each is idempotent: a retried activity never moves a request twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { audit } from '../api/audit.ts';
import { hashToken, newToken } from '../api/auth/sessions.ts';
import { eraseContactRequests } from '../api/personal-data/erasure.ts';
import type { ContactStatus } from '../domain/contact-requests.ts';
import {
  contactMailSent,
  renderContactMail,
  sendContactMail,
  type ContactMail,
  type RequestFacts,
} from './contact-mails.ts';
import type { ActivityDeps } from './index.ts';

interface Addresses {
  parentEmail: string | null;
  childminderEmail: string;
}

export function contactRequestActivities({ db, publicUrl }: ActivityDeps) {
  async function factsOf(requestId: string): Promise<RequestFacts & Addresses> {
    const row = await db('contact_requests as cr')
      .join('registrations as r', 'r.id', 'cr.registration_id')
      .join('users as u', 'u.id', 'r.user_id')
      .join('public_profiles as pp', 'pp.registration_id', 'cr.registration_id')
      .where('cr.id', requestId)
      .first(
        'cr.*',
        'u.email as childminder_email',
        db.raw(`pp.profile->>'name' as childminder_name`),
        db.raw(`to_char(cr.start_date, 'YYYY-MM-DD') as start_day`),
      );
    if (!row) throw ApplicationFailure.nonRetryable(`Demande ${requestId} inconnue`, 'unknown_request');
    return {
      childminderName: row.childminder_name,
      childminderEmail: row.childminder_email,
      parentName: row.parent_name ?? '',
      parentEmail: row.parent_email,
      ageGroup: row.age_group,
      startDate: row.start_day,
      days: row.days,
      hoursFrom: row.hours_from,
      hoursTo: row.hours_to,
      message: row.message ?? '',
      expiresAt: row.expires_at,
      answer: row.answer_kind
        ? {
            kind: row.answer_kind,
            channel: row.answer_channel,
            contact: row.answer_contact,
            message: row.answer_message,
            reason: row.decline_reason,
          }
        : null,
    };
  }

  /** A new private link for the parent (verification, then following her request): only its hash is kept. */
  async function parentLink(requestId: string): Promise<string> {
    const token = newToken();
    await db('contact_request_links').insert({ token_hash: hashToken(token), request_id: requestId });
    return `${publicUrl}/demandes/${token}`;
  }

  async function toParent(requestId: string, kind: Exclude<ContactMail['kind'], 'new_request' | 'reminder'>) {
    if (await contactMailSent(db, requestId, kind)) return;
    const facts = await factsOf(requestId);
    if (!facts.parentEmail) return; // erased already
    const mail = { kind, link: await parentLink(requestId) };
    await sendContactMail(db, requestId, kind, facts.parentEmail, renderContactMail(mail, facts));
  }

  async function toChildminder(requestId: string, kind: 'new_request' | 'reminder') {
    const facts = await factsOf(requestId);
    const mail = { kind, link: `${publicUrl}/mes-demandes/${requestId}` };
    await sendContactMail(db, requestId, kind, facts.childminderEmail, renderContactMail(mail, facts));
  }

  return {
    /** Emails the parent the link that confirms her address. */
    async sendContactVerification(requestId: string): Promise<void> {
      await toParent(requestId, 'verification');
    },

    /** Her address confirmed: the request goes to the childminder (email and "Mes demandes"). */
    async deliverContactRequest(input: { requestId: string; expiresAt: string }): Promise<void> {
      await db('contact_requests').where({ id: input.requestId, status: 'awaiting_verification' }).update({
        status: 'delivered',
        verified_at: db.fn.now(),
        delivered_at: db.fn.now(),
        expires_at: input.expiresAt,
      });
      await toChildminder(input.requestId, 'new_request');
      await toParent(input.requestId, 'delivered_parent');
    },

    /** No answer yet after a few days: one reminder to her. */
    async remindContactRequest(requestId: string): Promise<void> {
      await db('contact_requests')
        .where({ id: requestId })
        .whereNull('reminded_at')
        .update({ reminded_at: db.fn.now() });
      await toChildminder(requestId, 'reminder');
    },

    /** Her answer (the draft the API wrote) becomes the request's; the parent gets it by email. */
    async applyContactAnswer(input: { requestId: string; answerId: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const answer = await trx('contact_answers').where({ id: input.answerId }).first();
        if (!answer) return; // applied already (the draft is removed once copied)
        await trx('contact_requests')
          .where({ id: input.requestId, status: 'delivered' })
          .update({
            status: answer.kind === 'accept' ? 'answered' : 'declined',
            answer_kind: answer.kind,
            answer_channel: answer.channel,
            answer_contact: answer.contact,
            answer_message: answer.message,
            decline_reason: answer.decline_reason,
            answered_at: answer.created_at,
            closed_at: trx.fn.now(),
          });
        await trx('contact_answers').where({ request_id: input.requestId }).delete();
        // Her answer's line, with it (only she answers, from her page): once, the draft gone after.
        const owner = await trx('contact_requests as cr')
          .join('registrations as r', 'r.id', 'cr.registration_id')
          .where('cr.id', input.requestId)
          .first('r.user_id as userId');
        await audit(
          trx,
          { userId: owner.userId, role: 'childminder' },
          'contact_request.answered',
          { type: 'contact_request', id: input.requestId },
          { kind: answer.kind, reason: answer.decline_reason ?? null },
        );
      });
      await toParent(input.requestId, 'answer');
    },

    /** Closes a request that was never confirmed, or never answered (the parent is told). */
    async closeContactRequest(input: {
      requestId: string;
      status: Extract<ContactStatus, 'expired' | 'unverified'>;
    }) {
      const from: ContactStatus = input.status === 'expired' ? 'delivered' : 'awaiting_verification';
      await db('contact_requests')
        .where({ id: input.requestId, status: from })
        .update({ status: input.status, closed_at: db.fn.now() });
      if (input.status === 'expired') await toParent(input.requestId, 'expired');
    },

    /** The retention period is over: names, email, phone and messages go; codes and dates stay for the figures. */
    async purgeContactRequest(requestId: string): Promise<void> {
      await db.transaction(async (trx) => {
        await eraseContactRequests(trx, { id: requestId });
      });
    },
  };
}
