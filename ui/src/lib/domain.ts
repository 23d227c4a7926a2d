/** The domain rules and labels the interface shows, from the one place they are written (domain/). */
export * from '../../../domain/case-status.ts';
export * from '../../../domain/decisions.ts';
export * from '../../../domain/documents.ts';
export * from '../../../domain/availability.ts';
export * from '../../../domain/publication.ts';
export * from '../../../domain/identity-check.ts';
export * from '../../../domain/agrement.ts';
export { DEPARTEMENTS, departementLabel } from '../../../domain/geography.ts';
