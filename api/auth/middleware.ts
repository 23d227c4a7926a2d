/** Authentication (Bearer session token, sent by the UI server) and role checks. */
import type { Next } from 'koa';
import type { Role } from '../../domain/case-rules.ts';
import type { AppContext, ApiDeps } from '../context.ts';
import { Problem, forbidden } from '../problem.ts';
import { actorFor, userForToken } from './sessions.ts';

const unauthenticated = () =>
  new Problem(401, 'unauthenticated', 'Votre session a expiré. Reconnectez-vous.');

/** Resolves the session if a token is sent; routes that need a user call `requireRole`. */
export function authenticate(deps: ApiDeps) {
  return async (ctx: AppContext, next: Next) => {
    const header = ctx.get('authorization');
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    if (token) {
      const user = await userForToken(deps.db, token);
      if (!user) throw unauthenticated();
      ctx.state.user = user;
      ctx.state.token = token;
      ctx.state.actor = await actorFor(deps.db, user);
    }
    await next();
  };
}

/** Lets through signed-in users of these roles only (401 without a session, 403 otherwise). */
export function requireRole(...roles: Role[]) {
  return async (ctx: AppContext, next: Next) => {
    const user = ctx.state.user;
    if (!user) throw unauthenticated();
    if (!roles.includes(user.role)) throw forbidden();
    await next();
  };
}

/** The signed-in user and actor (after `requireRole`). */
export function signedIn(ctx: AppContext) {
  const { user, actor } = ctx.state;
  if (!user || !actor) throw unauthenticated();
  return { user, actor };
}
