/** The supervision pages' view of the API's answers (api/routes/supervision.ts). */
import type { CaseStatus } from '#lib/domain.ts';
import type { BulkOutcome, BulkStatus } from '#lib/domain.ts';

export interface OfficeChoice {
  id: string;
  name: string;
  targetWorkingDays: number;
  overseen: boolean;
}

export interface OfficeFigures {
  officeId: string;
  officeName: string;
  targetWorkingDays: number | null;
  open: number;
  byStatus: Record<CaseStatus, number>;
  unheld: number;
  overdue: number;
  medianAgeDays: number | null;
  p90AgeDays: number | null;
  ageClasses: Array<{ from: number; to: number | null; count: number }>;
  throughput: Array<{ weekStart: string; count: number }>;
  handling: { decided: number; medianDays: number | null; p90Days: number | null };
}

export interface Dashboard {
  officeId: string | null;
  generatedAt: string;
  total: OfficeFigures;
  offices: OfficeFigures[];
}

export interface RoutingRow {
  code: string;
  name: string;
  officeId: string | null;
  officeName: string | null;
  updatedAt: string | null;
  editable: boolean;
}

export interface RoutingChange {
  id: number;
  departement: string;
  departementName: string;
  fromOfficeId: string | null;
  fromOfficeName: string | null;
  toOfficeId: string;
  toOfficeName: string;
  changedAt: string;
  changedByName: string | null;
}

export interface BulkSummary {
  id: string;
  status: BulkStatus;
  toOfficeId: string;
  toOfficeName: string;
  startedAt: string;
  startedByName: string | null;
  finishedAt: string | null;
  cancelRequestedAt: string | null;
  selection: { kind: 'cases'; ids: string[] } | { kind: 'filter'; filter: Record<string, unknown> };
  total: number | null;
  counts: Record<BulkOutcome, number>;
}

export interface BulkReport extends BulkSummary {
  notMoved: Array<{
    registrationId: string;
    fromOfficeId: string | null;
    fromOfficeName: string | null;
    outcome: BulkOutcome;
    reason: string | null;
  }>;
}

export interface SelectableCase {
  id: string;
  status: CaseStatus;
  officeId: string;
  departement: string | null;
  submittedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  holderId: string | null;
  holderName: string | null;
  firstName: string | null;
  lastName: string | null;
  commune: string | null;
}
