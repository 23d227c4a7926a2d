/** Where the closure's explanation waits for the next page: she is signed out by then. */
export const CLOSURE_NOTICE_COOKIE = 'registre_fermeture';
