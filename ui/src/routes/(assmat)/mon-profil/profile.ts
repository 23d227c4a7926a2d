/** Her profile as the API describes it (api/routes/profile.ts). */
import type {
  CaseMessage,
  ChangeIdentityCheck,
  ChangeStatus,
  RegistrationView,
  Sections,
  SectionName,
} from '#lib/types.ts';
import type { CaseStatus } from '#lib/domain.ts';

export interface ChangeView {
  id: string;
  section: SectionName;
  value: Sections[SectionName];
  reasons: Array<{ code: string; label: string }>;
  status: ChangeStatus;
  /** The registry's answer on a proposed identity. */
  identityCheck: ChangeIdentityCheck | null;
  /** Her new attestation sent with a change of her agrément. */
  documentId: string | null;
  createdAt: string;
  decidedAt: string | null;
  message: Pick<CaseMessage, 'reasonCode' | 'body' | 'fields'> | null;
}

export interface ProfileView {
  id: string;
  active: boolean;
  case: { status: CaseStatus; officeName: string | null; label: string; expected: string };
  sections: Sections;
  pendingChange: ChangeView | null;
  lastDecision: ChangeView | null;
  declaration: {
    availabilityStatus: 'available' | 'full' | 'unavailable';
    lastDeclaredAt: string | null;
    nextDeadline: string | null;
    overdueDeadline: string | null;
    consecutiveMisses: number;
    overdueNotice: string | null;
  } | null;
  publishedAt: string | null;
  /** Her case closed by a withdrawal of her agrément (then `active` is false). */
  closure: RegistrationView['agrementStanding']['closure'];
}

export interface PublicProfile {
  name: string;
  workplace: 'home' | 'mam';
  mamName: string | null;
  commune: string;
  postalCode: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  departement: string;
  capacity: number;
  availability: Sections['availability'];
}

/** What a section's form starts from: the change waiting for the CAF if it is this section's, else the verified value. */
export function startingValue<S extends SectionName>(profile: ProfileView, section: S): Sections[S] {
  return profile.pendingChange?.section === section
    ? (profile.pendingChange.value as Sections[S])
    : profile.sections[section];
}
