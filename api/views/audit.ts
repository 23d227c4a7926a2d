/** What the audit journal's search answers (api/routes/audit-log.ts). */
import { z } from 'zod';
import { role, timestamp } from './common.ts';

export const auditLineView = z.object({
  seq: z.int(),
  at: timestamp,
  action: z.string(),
  label: z.string(),
  actor: z.object({ name: z.string().nullable(), email: z.string(), role: role.nullable() }).nullable(),
  target: z.object({ type: z.string(), id: z.string() }),
  /** The case the line is about (a case, or one of its copies), when it is one. */
  caseId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const auditJournalView = z.object({
  items: z.array(auditLineView),
  /** `before` for the next page (older lines), or null on the last one. */
  nextBefore: z.int().nullable(),
  /** False for a regional supervisor: only the lines about her offices' cases and offices. */
  national: z.boolean(),
});
