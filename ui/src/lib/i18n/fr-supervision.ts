/** French texts — Supervisors: dashboards, routing, reassignment. */
export const supervision = {} as const;
