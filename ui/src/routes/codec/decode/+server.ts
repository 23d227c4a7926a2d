import { codecHandlers } from '#lib/server/temporal-codec.ts';

/** The Temporal Web UI's codec server (see temporal-codec.ts). */
export const { POST, OPTIONS } = codecHandlers('decode');
