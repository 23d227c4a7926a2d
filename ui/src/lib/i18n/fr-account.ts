/** French texts — Her account and staff accounts: verification, password, second factor, invitations. */
export const account = {} as const;
