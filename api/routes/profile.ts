/** After activation: her edits, availability declarations, the public profile preview. */
import { newRouter, type ApiDeps } from '../context.ts';

export function profileRoutes(_deps: ApiDeps) {
  const router = newRouter('/api/registrations/:id/profile');
  return router;
}
