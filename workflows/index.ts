/** The workflows this worker runs (the bundle's entry point). */
export { registration } from './registration.ts';
export { bulkReassignment } from './bulk-reassignment.ts';
export { childminder } from './childminder.ts';
export { contactRequest } from './contact-request.ts';
export { retentionPurge } from './retention-purge.ts';
export { draftRetention } from './draft-retention.ts';
