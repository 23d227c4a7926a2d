/** Accounts: sign-up (childminders), sign-in, sign-out, who am I. */
import { z } from 'zod';
import { emailSchema, normalizeEmail, passwordSchema } from '../../domain/accounts.ts';
import { audit } from '../audit.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { Problem, parse } from '../problem.ts';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { createSession, revokeSession } from './sessions.ts';
import { requireRole, signedIn } from './middleware.ts';

const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: z.string().trim().min(1, 'Indiquez votre nom.').max(120),
});

const loginSchema = z.object({ email: z.string(), password: z.string() });

export function authRoutes(deps: ApiDeps) {
  const router = newRouter('/api/auth');
  const { db } = deps;

  router.post('/signup', async (ctx) => {
    const input = parse(signupSchema, ctx.request.body);
    const existing = await db('users')
      .where({ email_normalized: normalizeEmail(input.email) })
      .first('id');
    if (existing) {
      throw new Problem(
        409,
        'email_taken',
        'Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez votre mot de passe.',
        [{ path: 'email', message: 'Un compte existe déjà avec cette adresse.' }],
      );
    }
    const [user] = await db('users')
      .insert({
        email: input.email,
        email_normalized: normalizeEmail(input.email),
        password_hash: await hashPassword(input.password),
        role: 'childminder',
        display_name: input.displayName,
      })
      .returning(['id', 'role']);
    await audit(db, { userId: user.id, role: 'childminder' }, 'account.created', {
      type: 'user',
      id: user.id,
    });
    const session = await createSession(db, user.id, 'childminder');
    ctx.status = 201;
    ctx.body = { userId: user.id, token: session.token, expiresAt: session.expiresAt };
  });

  router.post('/login', async (ctx) => {
    const input = parse(loginSchema, ctx.request.body);
    const user = await db('users')
      .where({ email_normalized: normalizeEmail(input.email) })
      .first();
    const valid = user
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyAgainstDecoy(input.password);
    if (!user || !valid) {
      throw new Problem(401, 'bad_credentials', 'Adresse électronique ou mot de passe incorrect.');
    }
    const session = await createSession(db, user.id, user.role);
    await audit(db, { userId: user.id, role: user.role }, 'session.opened', { type: 'user', id: user.id });
    ctx.body = { userId: user.id, role: user.role, token: session.token, expiresAt: session.expiresAt };
  });

  router.post('/logout', async (ctx) => {
    if (ctx.state.token) await revokeSession(db, ctx.state.token);
    ctx.status = 204;
  });

  router.get('/me', requireRole('childminder', 'moderator', 'supervisor'), async (ctx) => {
    const { user } = signedIn(ctx);
    const registration =
      user.role === 'childminder' ? await db('registrations').where({ user_id: user.id }).first('id') : null;
    const office = user.officeId
      ? await db('offices').where({ id: user.officeId }).first('id', 'name')
      : null;
    ctx.body = { ...user, registrationId: registration?.id ?? null, office: office ?? null };
  });

  return router;
}
