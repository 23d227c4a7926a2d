/**
 * Accounts: sign-up (childminders), sign-in in one step (childminders) or two (staff: password,
 * then the code of their authenticator app), sign-out, who am I; and the emailed links (link-routes.ts).
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  displayNameSchema,
  emailSchema,
  normalizeEmail,
  passwordSchema,
  TOTP,
  totpCodeSchema,
} from '../../domain/accounts.ts';
import type { Role } from '../../domain/case-rules.ts';
import { log } from '../../infra/log.ts';
import { audit } from '../audit.ts';
import { mailSentView } from '../views/accounts.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { Problem, parse } from '../problem.ts';
import { issueLink } from './links.ts';
import { registerLinkRoutes } from './link-routes.ts';
import { queueAccountMail } from './mails.ts';
import { requireRole, signedIn } from './middleware.ts';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { createSession, hashToken, newToken, officesOf, revokeSession } from './sessions.ts';
import {
  accountKey,
  ensureMaySignIn,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  retryAfterHeader,
} from './throttle.ts';
import { signUpThrottle } from './signup-throttle.ts';
import { checkCode, openTotpSecret } from './totp.ts';
import { meView, secondFactorChallengeView, sessionView } from '../views/accounts.ts';
import { type View } from '../views/common.ts';

export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
});
export const loginSchema = z.object({ email: z.string().max(254), password: z.string().max(256) });
export const secondFactorSchema = z.object({ challenge: z.string().max(100), code: totpCodeSchema });

const BAD_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';

/** The account and the rows a sign-in needs. */
interface SignInRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string | null;
  deactivated_at: Date | null;
  totp_secret: string | null;
  totp_enrolled_at: Date | null;
}

/** The routes under /api/auth. */
export function authRoutes(deps: ApiDeps) {
  const router = newRouter('/api/auth');
  const { db } = deps;
  const signUps = signUpThrottle(db);
  router.use(retryAfterHeader);

  /**
   * A complete sign-in: the session, the throttle cleared, the audit line, in one transaction with
   * `spend` (what the sign-in uses up, such as its challenge): no session without its line.
   */
  async function openSession(
    ctx: AppContext,
    user: SignInRow,
    detail: Record<string, unknown>,
    spend: (trx: Knex.Transaction) => Promise<unknown> = async () => undefined,
  ) {
    const session = await db.transaction(async (trx) => {
      await spend(trx);
      await recordSuccessfulSignIn(trx, accountKey(user.email));
      const session = await createSession(trx, user.id, user.role);
      await audit(
        trx,
        { userId: user.id, role: user.role },
        'session.opened',
        { type: 'user', id: user.id },
        detail,
      );
      return session;
    });
    ctx.body = {
      userId: user.id,
      role: user.role,
      token: session.token,
      expiresAt: session.expiresAt,
    } satisfies View<typeof sessionView>;
  }

  // The same answer for a new address and a known one (whose owner is told by email instead), after
  // the same work (the password is hashed either way), so that sign-up does not say who has an account.
  router.post('/signup', async (ctx) => {
    const input = parse(signupSchema, ctx.request.body);
    await signUps.attempt(ctx.ip);
    const passwordHash = await hashPassword(input.password);
    // Her account, its link, its email and its line commit together.
    const created = await db.transaction(async (trx) => {
      const [created] = await trx('users')
        .insert({
          email: input.email,
          email_normalized: normalizeEmail(input.email),
          password_hash: passwordHash,
          role: 'childminder',
          display_name: input.displayName,
        })
        .onConflict('email_normalized')
        .ignore()
        .returning(['id']);
      if (!created) return null;
      const link = await issueLink(trx, created.id, 'email_verification');
      await queueAccountMail(trx, input.email, {
        kind: 'email_verification',
        link: `${deps.publicUrl}/verification/${link}`,
      });
      await audit(trx, { userId: created.id, role: 'childminder' }, 'account.created', {
        type: 'user',
        id: created.id,
      });
      return created as { id: string };
    });
    if (!created) {
      void tellOwnerOfSignUp(normalizeEmail(input.email)).catch((error: Error) =>
        log('error', 'avis de tentative d’inscription', { error }),
      );
    }
    ctx.status = 202;
    ctx.body = { sent: true } satisfies View<typeof mailSentView>;
  });

  /** The known owner's email: someone used her address; she may sign in or reset her password. */
  async function tellOwnerOfSignUp(emailNormalized: string): Promise<void> {
    const owner = await db('users').where({ email_normalized: emailNormalized }).first('id', 'email', 'role');
    if (!owner || !(await signUps.mayNotify(owner.id))) return;
    await db.transaction(async (trx) => {
      await queueAccountMail(trx, owner.email, {
        kind: 'signup_attempt',
        signInLink: `${deps.publicUrl}/connexion`,
        resetLink: `${deps.publicUrl}/mot-de-passe-oublie`,
      });
      await audit(trx, null, 'account.signup_attempted', { type: 'user', id: owner.id });
    });
  }

  router.post('/login', async (ctx) => {
    const input = parse(loginSchema, ctx.request.body);
    const key = accountKey(input.email);
    await ensureMaySignIn(db, key, ctx.ip);
    const user: SignInRow | undefined = await db('users')
      .where({ email_normalized: normalizeEmail(input.email) })
      .whereNotNull('password_hash')
      .first('id', 'email', 'role', 'password_hash', 'deactivated_at', 'totp_secret', 'totp_enrolled_at');
    const valid = user
      ? await verifyPassword(user.password_hash!, input.password)
      : await verifyAgainstDecoy(input.password);
    if (!user || !valid) {
      await recordFailedSignIn(db, key, ctx.ip);
      throw new Problem(401, 'bad_credentials', BAD_CREDENTIALS);
    }
    // Only someone who knows the password learns that the account was closed.
    if (user.deactivated_at)
      throw new Problem(
        403,
        'account_deactivated',
        'Ce compte a été désactivé. Adressez-vous à votre superviseur.',
      );
    if (user.role === 'childminder') return openSession(ctx, user, {});

    if (!user.totp_secret || !user.totp_enrolled_at) {
      throw new Problem(
        403,
        'second_factor_missing',
        'La double authentification n’est pas activée sur ce compte : demandez une nouvelle invitation à votre superviseur.',
      );
    }
    const challenge = newToken();
    const expiresAt = new Date(Date.now() + TOTP.challengeMs);
    await db('login_challenges').insert({
      token_hash: hashToken(challenge),
      user_id: user.id,
      expires_at: expiresAt,
    });
    ctx.body = { secondFactor: 'totp', challenge, expiresAt } satisfies View<
      typeof secondFactorChallengeView
    >;
  });

  router.post('/login/second-factor', async (ctx) => {
    const input = parse(secondFactorSchema, ctx.request.body);
    const expired = () =>
      new Problem(
        401,
        'challenge_expired',
        'Votre connexion a expiré : saisissez à nouveau votre mot de passe.',
      );
    const challenge = await db('login_challenges')
      .where({ token_hash: hashToken(input.challenge) })
      .andWhere('expires_at', '>', db.fn.now())
      .andWhere('attempts', '<', TOTP.challengeAttempts)
      .first('user_id');
    if (!challenge) throw expired();
    const user: SignInRow | undefined = await db('users')
      .where({ id: challenge.user_id })
      .whereNull('deactivated_at')
      .first('id', 'email', 'role', 'password_hash', 'deactivated_at', 'totp_secret', 'totp_enrolled_at');
    if (!user?.totp_secret) throw expired();
    const key = accountKey(user.email);
    await ensureMaySignIn(db, key, ctx.ip);
    const result = await checkCode(
      db,
      { id: user.id, totpSecret: openTotpSecret(deps.keys, user.totp_secret) },
      input.code,
    );
    if (result !== 'ok') {
      await db('login_challenges')
        .where({ token_hash: hashToken(input.challenge) })
        .increment('attempts', 1);
      if (result === 'reused') {
        throw new Problem(
          401,
          'code_already_used',
          'Ce code a déjà servi. Attendez le suivant (30 secondes au plus).',
          [{ path: 'code', message: 'Ce code a déjà servi : attendez le suivant.' }],
        );
      }
      await recordFailedSignIn(db, key, ctx.ip);
      throw new Problem(
        401,
        'bad_code',
        'Code incorrect. Vérifiez l’heure de votre téléphone et réessayez.',
        [{ path: 'code', message: 'Code incorrect.' }],
      );
    }
    await openSession(ctx, user, { secondFactor: 'totp' }, (trx) =>
      trx('login_challenges')
        .where({ token_hash: hashToken(input.challenge) })
        .delete(),
    );
  });

  router.post('/logout', async (ctx) => {
    if (ctx.state.token) await revokeSession(db, ctx.state.token);
    ctx.status = 204;
  });

  router.get(
    '/me',
    requireRole('childminder', 'moderator', 'supervisor', 'relay', 'departement_agent', 'data_protection'),
    async (ctx) => {
      const { user } = signedIn(ctx);
      const registration =
        user.role === 'childminder'
          ? await db('registrations').where({ user_id: user.id }).first('id')
          : null;
      const office = user.officeId
        ? await db('offices').where({ id: user.officeId }).first('id', 'name')
        : null;
      const offices =
        user.role === 'supervisor' && !user.national
          ? await db('offices')
              .whereIn('id', await officesOf(db, user))
              .orderBy('id')
              .select('id', 'name')
          : [];
      const relay = user.relayId ? await db('relays').where({ id: user.relayId }).first('id', 'name') : null;
      ctx.body = {
        ...user,
        relay: relay ?? null,
        registrationId: registration?.id ?? null,
        office: office ?? null,
        offices,
        departement: user.departementCode
          ? ((await db('departements').where({ code: user.departementCode }).first('code', 'name')) ?? null)
          : null,
      } satisfies View<typeof meView>;
    },
  );

  registerLinkRoutes(router, deps);
  return router;
}
