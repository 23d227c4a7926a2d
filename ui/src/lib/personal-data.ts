/** Her data export as the API answers it (api/views/personal-data.ts, the wire form: dates as ISO strings). */
import type { z } from 'zod';
import type { accountClosedView, personalDataView } from '../../../api/views/personal-data.ts';

export type PersonalData = z.input<typeof personalDataView>;
export type AccountClosed = z.input<typeof accountClosedView>;
