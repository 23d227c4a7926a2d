/**
 * All activities, bound to their dependencies. The worker registers the result of `createActivities`
 * on the case's task queue, and `verifyDocument` alone on the task queue of the document checks.
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../infra/db.ts';
import type { KeyRing } from '../infra/keys.ts';
import type { Storage } from '../infra/s3.ts';
import type { DocumentSandbox } from './document-check/sandbox.ts';
import { agrementAdoptionActivities } from './agrement-adoption.ts';
import { contactRequestActivities } from './contact-requests.ts';
import { documentActivities } from './documents.ts';
import { identityActivities } from './identity.ts';
import { lifecycleActivities } from './lifecycle.ts';
import { notificationActivities } from './notifications.ts';
import { projectionActivities } from './projection.ts';
import { publicationActivities } from './publication.ts';
import { reassignmentActivities } from './reassignment.ts';
import { retentionActivities } from './retention.ts';
import { routingActivities } from './routing.ts';
import { staffNotificationActivities } from './staff-notifications.ts';

export interface ActivityDeps {
  db: Db;
  /** For activities that act on other workflows (a bulk reassignment sends each case an Update). */
  temporal: Client;
  storage: Storage;
  /** Where uploaded files are checked: child processes, a few at a time. */
  documentSandbox: DocumentSandbox;
  sngiUrl: string;
  publicUrl: string;
  /** Open and seal her NIR at rest (infra/sealed-nir.ts). */
  keys: KeyRing;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...projectionActivities(deps.db, deps.publicUrl),
    ...identityActivities(deps.db, deps.keys, deps.sngiUrl),
    ...documentActivities(deps.db, deps.storage, deps.documentSandbox),
    ...routingActivities(deps.db),
    ...publicationActivities(deps.db),
    ...notificationActivities(deps.db, deps.publicUrl),
    ...lifecycleActivities(deps),
    ...staffNotificationActivities(deps),
    ...reassignmentActivities(deps),
    ...contactRequestActivities(deps),
    ...retentionActivities(deps.db, deps.storage),
    ...agrementAdoptionActivities(deps.db),
  };
}
