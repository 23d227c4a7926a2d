/** The UI's view of the API's answers (see api/routes/*). */
import type { CaseStatus, ClosureReason, IdentityOutcome } from './domain.ts';

/** The registry's answer on an identity proposed after activation (api/cases/profile-changes.ts). */
export interface ChangeIdentityCheck {
  outcome: IdentityOutcome;
  label: string;
  /** For the moderator: what to look at when the registry did not certify it as it is. */
  attention: string | null;
  fields: Record<string, string>;
  checkedAt: string;
}

/** Where a change stands; `checking`: an identity change being checked against SNGI first. */
export type ChangeStatus =
  'checking' | 'pending' | 'approved' | 'refused' | 'correction_requested' | 'closed_with_case';

export interface CaseMessage {
  id: string;
  kind: 'correction_request' | 'rejection' | 'note';
  reasonCode: string | null;
  body: string;
  fields: string[];
  createdAt: string;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  status: CaseStatus;
  at: string;
  actorName: string | null;
  officeName: string | null;
  data: Record<string, unknown>;
  message: CaseMessage | null;
  /** Done by a relay's agent for her. */
  onBehalf: { relayName: string; forName: string } | null;
}

export interface DocumentInfo {
  id: string;
  fileName: string;
  contentType: string;
  size: number | null;
  status: 'pending' | 'accepted' | 'refused' | 'removed';
  refusalCode: string | null;
  createdAt: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- sections are shown field by field, typed by the domain schemas on the API side */
export interface Sections {
  identity: any;
  agrement: any;
  contact: any;
  availability: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export type SectionName = keyof Sections;

export interface RegistrationView {
  id: string;
  sections: Sections;
  missingSections: SectionName[];
  editable: boolean;
  /** Submitting requires a verified email address. */
  emailVerified: boolean;
  case: {
    status: CaseStatus;
    /** Why it is closed, when it is (domain/case-status.ts). */
    closureReason: ClosureReason | null;
    officeName: string | null;
    submittedAt: string | null;
    statusSince: string | null;
    decidedAt: string | null;
    seq: number;
    identityOutcome: string | null;
    label: string;
    expected: string;
    actor: string;
  };
  correction: CaseMessage | null;
  rejection: CaseMessage | null;
  documents: DocumentInfo[];
  timeline: TimelineEntry[];
  warnings: Array<{ code: string; message: string }>;
  /** Her agrément's standing as her département notified it. */
  agrementStanding: {
    state: 'in_force' | 'suspended' | 'withdrawn' | 'expired';
    suspendedFrom: string | null;
    suspendedUntil: string | null;
    withdrawnFrom: string | null;
    expiryDate: string | null;
    renewalDue: boolean;
    /** Closed by a withdrawal: she reads her case, edits nothing; why, in her words. */
    closure: { code: 'agrement_withdrawn'; reason: string | null; message: string } | null;
    /** Her declared places above her agrément's capacity (lowered by a modification). */
    placesAboveCapacity: { declared: number; capacity: number; message: string } | null;
  };
}
