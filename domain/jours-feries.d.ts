// @socialgouv/jours-feries ships no type declarations: its one export, as documented.
declare module '@socialgouv/jours-feries' {
  /** The French public holidays of a year by name, as local-time midnights; `alsace` adds Alsace-Moselle's two. */
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
