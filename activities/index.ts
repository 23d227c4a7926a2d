/** All activities, bound to their dependencies. The worker registers the result of `createActivities`. */
import type { Client } from '@temporalio/client';
import type { Db } from '../infra/db.ts';
import type { Mailer } from '../infra/mailer.ts';
import type { Storage } from '../infra/s3.ts';
import { contactRequestActivities } from './contact-requests.ts';
import { documentActivities } from './documents.ts';
import { identityActivities } from './identity.ts';
import { lifecycleActivities } from './lifecycle.ts';
import { notificationActivities } from './notifications.ts';
import { projectionActivities } from './projection.ts';
import { publicationActivities } from './publication.ts';
import { reassignmentActivities } from './reassignment.ts';
import { routingActivities } from './routing.ts';
import { staffNotificationActivities } from './staff-notifications.ts';

export interface ActivityDeps {
  db: Db;
  /** For activities that act on other workflows (a bulk reassignment sends each case an Update). */
  temporal: Client;
  storage: Storage;
  mailer: Mailer;
  sngiUrl: string;
  publicUrl: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...projectionActivities(deps.db),
    ...identityActivities(deps.db, deps.sngiUrl),
    ...documentActivities(deps.db, deps.storage),
    ...routingActivities(deps.db),
    ...publicationActivities(deps.db),
    ...notificationActivities(deps.db, deps.mailer, deps.publicUrl),
    ...lifecycleActivities(deps),
    ...staffNotificationActivities(deps),
    ...reassignmentActivities(deps),
    ...contactRequestActivities(deps),
  };
}
