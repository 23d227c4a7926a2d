/** French texts — Moderators: queue, case view, notes, deadlines. */
export const moderation = {} as const;
