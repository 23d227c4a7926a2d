/** What the supervision routes answer: offices, routing, dashboards, bulk reassignments. */
import { z } from 'zod';
import { BULK_OUTCOMES, BULK_STATUSES } from '../../domain/bulk-reassignment.ts';
import { caseStatus, day, timestamp } from './common.ts';
import { queueItemView } from './staff.ts';

export const officeView = z.object({
  id: z.string(),
  name: z.string(),
  targetWorkingDays: z.int(),
  overseen: z.boolean(),
});
export const officeListView = z.array(officeView);
export const officeTargetView = z.object({ id: z.string(), targetWorkingDays: z.int() });

export const routingRowView = z.object({
  code: z.string(),
  name: z.string(),
  officeId: z.string().nullable(),
  officeName: z.string().nullable(),
  updatedAt: timestamp.nullable(),
  editable: z.boolean(),
});
export const routingTableView = z.array(routingRowView);

export const routingChangeView = z.object({
  id: z.union([z.int(), z.string()]),
  departement: z.string(),
  departementName: z.string(),
  fromOfficeId: z.string().nullable(),
  fromOfficeName: z.string().nullable(),
  toOfficeId: z.string(),
  toOfficeName: z.string(),
  changedAt: timestamp,
  changedByName: z.string().nullable(),
});
export const routingChangesView = z.array(routingChangeView);
export const routingChangedView = z.object({ code: z.string(), officeId: z.string() });

const officeFigures = z.object({
  officeId: z.string(),
  officeName: z.string(),
  targetWorkingDays: z.int().nullable(),
  open: z.int(),
  byStatus: z.record(caseStatus, z.int()),
  unheld: z.int(),
  overdue: z.int(),
  medianAgeDays: z.number().nullable(),
  p90AgeDays: z.number().nullable(),
  ageClasses: z.array(z.object({ from: z.int(), to: z.int().nullable(), count: z.int() })),
  throughput: z.array(z.object({ weekStart: day, count: z.int() })),
  handling: z.object({
    decided: z.int(),
    medianDays: z.number().nullable(),
    p90Days: z.number().nullable(),
  }),
});

export const dashboardView = z.object({
  officeId: z.string().nullable(),
  generatedAt: timestamp,
  total: officeFigures,
  offices: z.array(officeFigures),
});

export const supervisionCasesView = z.object({
  items: z.array(queueItemView),
  next: z.string().nullable(),
  total: z.int(),
});

export const bulkSummaryView = z.object({
  id: z.uuid(),
  status: z.enum(BULK_STATUSES),
  toOfficeId: z.string(),
  toOfficeName: z.string(),
  startedAt: timestamp,
  startedByName: z.string().nullable(),
  finishedAt: timestamp.nullable(),
  cancelRequestedAt: timestamp.nullable(),
  selection: z.union([
    z.object({ kind: z.literal('cases'), ids: z.array(z.uuid()) }),
    z.object({ kind: z.literal('filter'), filter: z.record(z.string(), z.unknown()) }),
  ]),
  total: z.int().nullable(),
  counts: z.record(z.enum(BULK_OUTCOMES), z.int()),
});
export const bulkListView = z.array(bulkSummaryView);

export const bulkReportView = bulkSummaryView.extend({
  notMoved: z.array(
    z.object({
      registrationId: z.uuid(),
      fromOfficeId: z.string().nullable(),
      fromOfficeName: z.string().nullable(),
      outcome: z.enum(BULK_OUTCOMES),
      reason: z.string().nullable(),
    }),
  ),
});

export const bulkStartedView = z.object({ id: z.uuid() });
export const bulkCancelView = z.object({ cancelRequested: z.boolean(), finished: z.boolean() });
