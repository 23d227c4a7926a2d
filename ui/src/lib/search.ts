/** What the API answers to a search (declared once, beside the query that builds it). */
import type { SearchResult } from '../../../api/search/query.ts';

export type { SearchResult };

export interface SearchAnswer {
  origin: { code: string; name: string; postalCodes: string[]; centreSource: string | null };
  radius: number;
  distanceUnavailable: boolean;
  items: SearchResult[];
  next: string | null;
}

/** The URL of the same search with one parameter changed (a next page, a choice of commune). */
export function withParam(query: string, name: string, value: string | null): string {
  const params = new URLSearchParams(query);
  if (value === null) params.delete(name);
  else params.set(name, value);
  return `/recherche?${params}`;
}

/** Her published copy (activities/publication.ts): only what her publication choices allow. */
export type { PublicProfile as PublishedCard } from '../../../activities/publication.ts';

export interface PublicPage {
  id: string;
  profile: import('../../../activities/publication.ts').PublicProfile;
  updatedAt: string;
  declaredAt: string | null;
  overdue: boolean;
}
