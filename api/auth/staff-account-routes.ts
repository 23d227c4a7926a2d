/** Staff accounts, created by supervisors: invitations, roles and offices, second factor. */
import { newRouter, type ApiDeps } from '../context.ts';

export function staffAccountRoutes(_deps: ApiDeps) {
  const router = newRouter('/api/staff/accounts');
  return router;
}
