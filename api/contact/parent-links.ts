/**
 * « Suivre mes demandes »: a parent follows every request she sent without creating an account. She
 * gives her address; if requests were sent from it, a link valid 7 days is queued to it (the answer
 * is the same either way, so that nobody learns who wrote to whom). The link lists her requests,
 * their state and the answers, as each request's own private link does.
 */
import { z } from 'zod';
import { emailSchema, normalizeEmail } from '../../domain/accounts.ts';
import { CONTACT_STATUSES, DECLINE_REASONS, PARENT_LINK } from '../../domain/contact-requests.ts';
import { enqueueMail, stableMessageId } from '../../infra/outbox.ts';
import { audit } from '../audit.ts';
import { hashToken, newToken } from '../auth/sessions.ts';
import { retryAfterHeader, Throttled } from '../auth/throttle.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { mailSentView } from '../views/accounts.ts';
import { type View } from '../views/common.ts';
import { parentRequestsView } from '../views/public.ts';
import { parse, Problem } from '../problem.ts';
import { countSince, keyOf } from './requests.ts';

export const parentLinkRequestSchema = z.object({ email: emailSchema });

const LINK_INVALID =
  'Ce lien n’est plus valable : demandez-en un nouveau depuis la page « Suivre mes demandes ».';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function parentLinkRoutes(deps: ApiDeps) {
  const router = newRouter('/api/public/parent-links');
  const { db } = deps;

  router.post('/', retryAfterHeader, async (ctx) => {
    const { email } = parse(parentLinkRequestSchema, ctx.request.body);
    const parentKey = keyOf('parent', normalizeEmail(email));
    const addressKey = keyOf('address', ctx.ip);
    if (
      (await countSince(deps, 'address_key', addressKey, HOUR, 'parent_links')) >=
      PARENT_LINK.perAddressPerHour
    ) {
      throw new Throttled(
        'too_many_links_address',
        'Trop de liens ont été demandés depuis votre réseau en une heure. Réessayez un peu plus tard.',
        new Date(Date.now() + HOUR),
      );
    }
    const sent = await db('contact_requests')
      .where({ parent_key: parentKey })
      .whereNull('purged_at')
      .first('id');
    // The same answer whether or not she wrote: only her mailbox learns it.
    ctx.status = 202;
    ctx.body = { sent: true } satisfies View<typeof mailSentView>;
    if (
      !sent ||
      (await countSince(deps, 'parent_key', parentKey, DAY, 'parent_links')) >= PARENT_LINK.perParentPerDay
    )
      return;
    const token = newToken();
    const tokenHash = hashToken(token);
    await db.transaction(async (trx) => {
      await trx('parent_links').insert({
        token_hash: tokenHash,
        parent_key: parentKey,
        address_key: addressKey,
        expires_at: new Date(Date.now() + PARENT_LINK.lifetimeMs),
      });
      const dedupeKey = `parent-link:${tokenHash}`;
      await enqueueMail(trx, {
        dedupeKey,
        messageId: stableMessageId(dedupeKey),
        to: email,
        kind: 'parent_link',
        subject: 'Vos demandes de contact',
        text:
          `Bonjour,\n\nVoici le lien qui rassemble les demandes de contact envoyées depuis cette adresse ` +
          `(valable ${PARENT_LINK.lifetimeMs / DAY} jours) :\n${deps.publicUrl}/suivi-demandes/${token}\n\n` +
          `Si vous n’avez rien demandé, ignorez ce message.\n\nLe registre des assistantes maternelles — ` +
          `service public gratuit\n(courriel automatique, merci de ne pas y répondre)`,
      });
      await audit(trx, null, 'parent_link.sent', { type: 'parent_link', id: tokenHash.slice(0, 16) });
    });
  });

  router.get('/:token', async (ctx) => {
    const link = await db('parent_links')
      .where({ token_hash: hashToken(String(ctx.params.token)) })
      .andWhere('expires_at', '>', new Date())
      .first('parent_key');
    if (!link) throw new Problem(404, 'link_invalid', LINK_INVALID);
    const rows = await db('contact_requests as cr')
      .join('public_profiles as pp', 'pp.registration_id', 'cr.registration_id')
      .where({ 'cr.parent_key': link.parent_key })
      .whereNull('cr.purged_at')
      .orderBy('cr.created_at', 'desc')
      .limit(100)
      .select(
        'cr.id',
        'cr.status',
        'cr.registration_id as childminderId',
        db.raw(`pp.profile->>'name' as "childminderName"`),
        'cr.created_at as createdAt',
        'cr.delivered_at as deliveredAt',
        'cr.expires_at as expiresAt',
        'cr.answer_channel as answerChannel',
        'cr.answer_contact as answerContact',
        'cr.answer_message as answerMessage',
        'cr.decline_reason as declineReason',
      );
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = {
      requests: rows.map((row) => ({
        ...row,
        statusLabel: CONTACT_STATUSES[row.status as keyof typeof CONTACT_STATUSES],
        declineLabel: row.declineReason
          ? DECLINE_REASONS[row.declineReason as keyof typeof DECLINE_REASONS]
          : null,
      })),
    } satisfies View<typeof parentRequestsView>;
  });

  return router;
}
