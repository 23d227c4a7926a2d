/** French texts — After activation: her profile, edits, availability, public preview. */
export const profile = {} as const;
