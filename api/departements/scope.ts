/** A département agent's scope: the one département her account works for. */
import { signedIn } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { forbidden } from '../problem.ts';

/** The one département a département agent works for (her account's). */
export function departementOf(ctx: AppContext): string {
  const code = signedIn(ctx).user.departementCode;
  if (!code) throw forbidden();
  return code;
}
