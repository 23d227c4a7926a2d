/** The signed-in person's own account: email verification, password change, sessions. */
import { z } from 'zod';
import { passwordSchema } from '../../domain/accounts.ts';
import { audit } from '../audit.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { Problem, parse } from '../problem.ts';
import { passwordChangedView } from '../views/accounts.ts';
import { issueLink, nextLinkAllowedAt } from './links.ts';
import { queueAccountMail } from './mails.ts';
import { requireRole, signedIn } from './middleware.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSession, endSessions, revokeSession } from './sessions.ts';
import { accountKey, ensureMaySignIn, recordFailedSignIn, retryAfterHeader, Throttled } from './throttle.ts';
import { accountView, mailSentView } from '../views/accounts.ts';
import { type View } from '../views/common.ts';

export const passwordChangeSchema = z.object({
  currentPassword: z
    .string({ error: 'Saisissez votre mot de passe actuel.' })
    .min(1, 'Saisissez votre mot de passe actuel.')
    .max(256),
  newPassword: passwordSchema,
});

/** The routes under /api/account (any signed-in role). */
export function accountRoutes(deps: ApiDeps) {
  const router = newRouter('/api/account');
  const { db } = deps;
  router.use(retryAfterHeader);
  router.use(
    requireRole('childminder', 'moderator', 'supervisor', 'relay', 'departement_agent', 'data_protection'),
  );

  router.get('/', async (ctx) => {
    const { user } = signedIn(ctx);
    const row = await db('users')
      .where({ id: user.id })
      .first('password_changed_at', 'totp_enrolled_at', 'last_login_at', 'created_at');
    const [counted] = await db('sessions')
      .where({ user_id: user.id })
      .andWhere('expires_at', '>', db.fn.now())
      .count<[{ count: string }]>('* as count');
    ctx.body = {
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      emailVerified: user.emailVerified,
      secondFactor: row.totp_enrolled_at !== null,
      passwordChangedAt: row.password_changed_at,
      createdAt: row.created_at,
      openSessions: Number(counted?.count ?? 0),
    } satisfies View<typeof accountView>;
  });

  router.post('/email-verification', async (ctx) => {
    const { user, actor } = signedIn(ctx);
    if (user.emailVerified)
      throw new Problem(409, 'email_already_verified', 'Votre adresse électronique est déjà confirmée.');
    const next = await nextLinkAllowedAt(db, user.id, 'email_verification');
    if (next)
      throw new Throttled(
        'link_recently_sent',
        'Un lien vient de vous être envoyé : patientez une minute avant d’en demander un autre.',
        next,
      );
    await db.transaction(async (trx) => {
      const link = await issueLink(trx, user.id, 'email_verification');
      await queueAccountMail(trx, user.email, {
        kind: 'email_verification',
        link: `${deps.publicUrl}/verification/${link}`,
      });
      await audit(trx, actor, 'account.email_verification_sent', { type: 'user', id: user.id });
    });
    ctx.status = 202;
    ctx.body = { sent: true } satisfies View<typeof mailSentView>;
  });

  router.post('/password', async (ctx) => {
    const { user, actor } = signedIn(ctx);
    const input = parse(passwordChangeSchema, ctx.request.body);
    const key = accountKey(user.email);
    await ensureMaySignIn(db, key, ctx.ip);
    const row = await db('users').where({ id: user.id }).first('password_hash');
    if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
      // Guessing through a stolen session counts like guessing at the sign-in page.
      await recordFailedSignIn(db, key, ctx.ip);
      throw new Problem(422, 'bad_current_password', 'Certains champs sont à corriger.', [
        { path: 'currentPassword', message: 'Mot de passe actuel incorrect.' },
      ]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', [
        { path: 'newPassword', message: 'Choisissez un mot de passe différent de l’actuel.' },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    const { ended, session } = await db.transaction(async (trx) => {
      await trx('users')
        .where({ id: user.id })
        .update({ password_hash: passwordHash, password_changed_at: trx.fn.now() });
      // Her other sessions end; this one is replaced too, so that a token copied before the change dies.
      const ended = await endSessions(trx, user.id, ctx.state.token ?? null);
      if (ctx.state.token) await revokeSession(trx, ctx.state.token);
      const session = await createSession(trx, user.id, user.role);
      await audit(
        trx,
        actor,
        'account.password_changed',
        { type: 'user', id: user.id },
        { endedSessions: ended, sessionRotated: true },
      );
      return { ended, session };
    });
    ctx.body = {
      endedSessions: ended,
      token: session.token,
      expiresAt: session.expiresAt,
    } satisfies View<typeof passwordChangedView>;
  });

  router.post('/sessions/end-all', async (ctx) => {
    const { user, actor } = signedIn(ctx);
    await db.transaction(async (trx) => {
      const ended = await endSessions(trx, user.id);
      await audit(
        trx,
        actor,
        'account.sessions_ended',
        { type: 'user', id: user.id },
        { endedSessions: ended },
      );
    });
    ctx.status = 204;
  });

  return router;
}
