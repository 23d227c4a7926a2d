import type { PageServerLoad } from './$types';
import { HOSTING_NOTICE } from '#lib/server/config.ts';

export const load: PageServerLoad = () => ({ hosting: HOSTING_NOTICE });
