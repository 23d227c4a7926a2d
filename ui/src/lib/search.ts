/** What the API answers to a search (declared once, beside the query that builds it). */
import type { SearchResult } from '../../../api/search/query.ts';

export type { SearchResult };

export interface SearchAnswer {
  origin: { code: string; name: string; postalCodes: string[]; centreSource: string | null };
  radius: number;
  distanceUnavailable: boolean;
  items: SearchResult[];
  next: string | null;
  relays: import('#lib/relays.ts').RelayContact[];
}

/** The URL of the same search with one parameter changed (a next page, a choice of commune). */
export function withParam(query: string, name: string, value: string | null): string {
  const params = new URLSearchParams(query);
  if (value === null) params.delete(name);
  else params.set(name, value);
  return `/recherche?${params}`;
}

/** Her published copy (activities/publication.ts): only what her publication choices allow. */
export type { PublicProfile as PublishedCard } from '../../../api/search/published-copy.ts';

export interface PublicPage {
  id: string;
  profile: import('../../../api/search/published-copy.ts').PublicProfile;
  updatedAt: string;
  declaredAt: string | null;
  overdue: boolean;
  /** The relays petite enfance of her commune. */
  relays: import('./relays.ts').RelayContact[];
}

/** The parent's view of her request (api/routes/contact-requests.ts). */
export interface ParentView {
  id: string;
  status: 'awaiting_verification' | 'delivered' | 'answered' | 'declined' | 'expired' | 'unverified';
  statusLabel: string;
  childminderId: string;
  childminderName: string;
  createdAt: string;
  deliveredAt: string | null;
  expiresAt: string | null;
  answerChannel: 'phone' | 'email' | null;
  answerContact: string | null;
  answerMessage: string | null;
  declineReason: string | null;
  declineLabel: string | null;
}

/** One of her requests, in her list ("Mes demandes"). */
export interface RequestSummary {
  id: string;
  status: string;
  ageGroup: import('#lib/domain.ts').AgeGroup;
  startDate: string;
  days: import('#lib/domain.ts').Weekday[];
  hoursFrom: string | null;
  hoursTo: string | null;
  deliveredAt: string | null;
  expiresAt: string | null;
  answeredAt: string | null;
  answerKind: 'accept' | 'decline' | null;
  declineReason: string | null;
  parentName: string;
}

/** One of her requests in full: the parent's contact details, and the channels she may share. */
export interface RequestDetail extends RequestSummary {
  parentEmail: string;
  parentPhone: string | null;
  message: string;
  answerChannel: 'phone' | 'email' | null;
  answerMessage: string | null;
  channels: Record<'phone' | 'email', { value: string; public: boolean }>;
}

/** The supervisors' figures on contact requests (api/routes/contact-figures.ts). */
export type ContactFiguresAnswer = {
  since: string;
  targetDays: number;
  office: string | null;
  total: import('../../../api/routes/contact-figures.ts').ContactFigures;
  offices: Array<
    { officeId: string; officeName: string } & import('../../../api/routes/contact-figures.ts').ContactFigures
  >;
};
