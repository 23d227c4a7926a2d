import type { SessionUser } from '#lib/server/session.ts';

declare global {
  namespace App {
    interface Locals {
      user: SessionUser | null;
      token: string | null;
      /** A session cookie came with the request, but the session had expired. */
      sessionExpired: boolean;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
