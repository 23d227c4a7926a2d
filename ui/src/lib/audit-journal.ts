/** The audit journal as the API answers it (api/views/audit.ts, the wire form: dates as ISO strings). */
import type { z } from 'zod';
import type { auditJournalView } from '../../../api/views/audit.ts';

export type AuditJournal = z.input<typeof auditJournalView>;
