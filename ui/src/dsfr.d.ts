// The DSFR ships its JavaScript without type declarations; it is only imported for its side effects.
declare module '@gouvfr/dsfr/dist/dsfr.module.min.js';
