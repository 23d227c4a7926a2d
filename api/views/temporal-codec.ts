/** What the Temporal codec endpoint answers: payloads in Temporal's JSON form (base64 values). */
import { z } from 'zod';

export const codecPayloadsView = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()), data: z.string() })),
});
