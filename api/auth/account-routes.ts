/** The signed-in person's own account: email verification, password reset and change, sessions. */
import { newRouter, type ApiDeps } from '../context.ts';

export function accountRoutes(_deps: ApiDeps) {
  const router = newRouter('/api/account');
  return router;
}
