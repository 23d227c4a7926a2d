/** What the reference-data routes answer: départements and communes (INSEE). */
import { z } from 'zod';

export const departementView = z.object({
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  nameWithDe: z.string(),
});
export const departementListView = z.array(departementView).readonly();

export const communeView = z.object({
  code: z.string(),
  name: z.string(),
  departement: z.string(),
  postalCodes: z.array(z.string()),
  population: z.int().nullable(),
});
export const communeListView = z.array(communeView);
