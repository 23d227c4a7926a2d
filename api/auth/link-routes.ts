/**
 * What the emailed links open, without a session (the link is the proof): confirming her address,
 * resetting a forgotten password, accepting a staff invitation with its second factor.
 */
import { z } from 'zod';
import { emailSchema, normalizeEmail, passwordSchema, totpCodeSchema } from '../../domain/accounts.ts';
import { log } from '../../infra/log.ts';
import { audit } from '../audit.ts';
import type { ApiDeps, newRouter } from '../context.ts';
import { Problem, parse } from '../problem.ts';
import { issueLink, nextLinkAllowedAt, openLink, useLink } from './links.ts';
import { queueAccountMail } from './mails.ts';
import { hashPassword } from './passwords.ts';
import { createSession, endSessions } from './sessions.ts';
import { accountKey, recordSuccessfulSignIn } from './throttle.ts';
import { matchingStep, openTotpSecret, qrCodeSvg, totpUri } from './totp.ts';
import {
  invitationView,
  linkValidView,
  mailSentView,
  resetView,
  sessionView,
  verifiedView,
} from '../views/accounts.ts';
import { type View } from '../views/common.ts';

export const resetRequestSchema = z.object({ email: emailSchema });
export const newPasswordSchema = z.object({ password: passwordSchema });
export const acceptSchema = z.object({ password: passwordSchema, code: totpCodeSchema });

/** Adds the emailed links' routes to the /api/auth router. */
export function registerLinkRoutes(router: ReturnType<typeof newRouter>, deps: ApiDeps): void {
  const { db } = deps;
  const token = (value: unknown) => String(value).slice(0, 100);

  router.post('/email-verification/:token', async (ctx) => {
    // The link used, the address confirmed and the line: together or not at all (the link stays usable).
    await db.transaction(async (trx) => {
      const userId = await useLink(trx, token(ctx.params.token), 'email_verification');
      const user = await trx('users').where({ id: userId }).first('role');
      await trx('users').where({ id: userId }).update({ email_verified_at: trx.fn.now() });
      await audit(trx, { userId, role: user.role }, 'account.email_verified', { type: 'user', id: userId });
    });
    ctx.body = { verified: true } satisfies View<typeof verifiedView>;
  });

  // Same answer, at the same speed, whether or not the account exists: the email goes in the background.
  router.post('/password-reset', async (ctx) => {
    const input = parse(resetRequestSchema, ctx.request.body);
    ctx.status = 202;
    ctx.body = { sent: true } satisfies View<typeof mailSentView>;
    void (async () => {
      const user = await db('users')
        .where({ email_normalized: normalizeEmail(input.email) })
        .whereNotNull('password_hash')
        .whereNull('deactivated_at')
        .first('id', 'email', 'role');
      if (!user || (await nextLinkAllowedAt(db, user.id, 'password_reset'))) return;
      await db.transaction(async (trx) => {
        const link = await issueLink(trx, user.id, 'password_reset');
        await queueAccountMail(trx, user.email, {
          kind: 'password_reset',
          link: `${deps.publicUrl}/reinitialisation/${link}`,
        });
        await audit(trx, null, 'account.password_reset_requested', { type: 'user', id: user.id });
      });
    })().catch((error: Error) => log('error', 'demande de réinitialisation', { error }));
  });

  router.get('/password-reset/:token', async (ctx) => {
    await openLink(db, token(ctx.params.token), 'password_reset');
    ctx.body = { valid: true } satisfies View<typeof linkValidView>;
  });

  router.post('/password-reset/:token', async (ctx) => {
    const input = parse(newPasswordSchema, ctx.request.body);
    const passwordHash = await hashPassword(input.password);
    await db.transaction(async (trx) => {
      const userId = await useLink(trx, token(ctx.params.token), 'password_reset');
      const user = await trx('users').where({ id: userId }).first('email', 'role', 'email_verified_at');
      await trx('users')
        .where({ id: userId })
        .update({
          password_hash: passwordHash,
          password_changed_at: trx.fn.now(),
          // The link reached her mailbox: that proves the address too.
          email_verified_at: user.email_verified_at ?? trx.fn.now(),
        });
      const ended = await endSessions(trx, userId);
      await recordSuccessfulSignIn(trx, accountKey(user.email)); // a reset unlocks the account
      await audit(
        trx,
        { userId, role: user.role },
        'account.password_reset',
        { type: 'user', id: userId },
        { ended },
      );
    });
    ctx.body = { reset: true } satisfies View<typeof resetView>;
  });

  router.get('/invitations/:token', async (ctx) => {
    const userId = await openLink(db, token(ctx.params.token), 'invitation');
    const user = await db('users')
      .where({ id: userId })
      .first('email', 'display_name', 'role', 'national', 'office_id', 'departement_code', 'totp_secret');
    const officeIds = user.office_id
      ? [user.office_id]
      : await db('supervisor_offices').where({ user_id: userId }).pluck('office_id');
    const secret = openTotpSecret(deps.keys, user.totp_secret);
    const uri = totpUri(secret, user.email);
    ctx.body = {
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      national: user.national,
      offices: await db('offices').whereIn('id', officeIds).orderBy('id').select('id', 'name'),
      departement: user.departement_code
        ? ((await db('departements').where({ code: user.departement_code }).first('code', 'name')) ?? null)
        : null,
      totp: { secret, uri, qrSvg: await qrCodeSvg(uri) },
    } satisfies View<typeof invitationView>;
  });

  router.post('/invitations/:token', async (ctx) => {
    const link = token(ctx.params.token);
    const userId = await openLink(db, link, 'invitation');
    const input = parse(acceptSchema, ctx.request.body);
    const user = await db('users').where({ id: userId }).first('role', 'totp_secret');
    const step = matchingStep(openTotpSecret(deps.keys, user.totp_secret), input.code);
    if (step === null) {
      throw new Problem(
        422,
        'bad_code',
        'Le code ne correspond pas : vérifiez que vous avez bien enregistré le compte.',
        [{ path: 'code', message: 'Code incorrect. Saisissez le code affiché par votre application.' }],
      );
    }
    const passwordHash = await hashPassword(input.password);
    // Her account activated and her first session, with their lines: all or nothing (the link stays usable).
    const session = await db.transaction(async (trx) => {
      await useLink(trx, link, 'invitation');
      await trx('users').where({ id: userId }).update({
        password_hash: passwordHash,
        password_changed_at: trx.fn.now(),
        email_verified_at: trx.fn.now(),
        totp_enrolled_at: trx.fn.now(),
        totp_last_step: step, // this code cannot open a session afterwards
      });
      const session = await createSession(trx, userId, user.role);
      const who = { userId, role: user.role };
      await audit(trx, who, 'account.invitation_accepted', { type: 'user', id: userId });
      await audit(trx, who, 'session.opened', { type: 'user', id: userId }, { secondFactor: 'totp' });
      return session;
    });
    ctx.body = { userId, role: user.role, token: session.token, expiresAt: session.expiresAt } satisfies View<
      typeof sessionView
    >;
  });
}
