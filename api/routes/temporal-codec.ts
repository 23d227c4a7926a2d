/**
 * The codec endpoint of the Temporal Web UI (its "codec server"): the UI posts the payloads of a
 * history it shows and gets them back decrypted, with the same keys as the worker
 * (infra/temporal/codec.ts). Supervisors only: the answer is personal data in clear. Each call is
 * audited (how many payloads, never which values). The browser reaches it through the UI server
 * (ui/src/routes/codec/), which holds the session and answers the UI's CORS preflight.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { EncryptionCodec } from '../../infra/temporal/codec.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { parse, Problem } from '../problem.ts';
import { codecPayloadsView } from '../views/temporal-codec.ts';
import type { View } from '../views/common.ts';

const base64 = z.base64({ error: 'Valeur base64 attendue.' }).max(4_000_000);
/** Temporal's JSON form of payloads: metadata values and data in base64. */
export const codecPayloadsSchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(200), base64).optional(), data: base64.optional() }))
    .max(1000),
});

type WirePayloads = z.output<typeof codecPayloadsSchema>;

const fromWire = (body: WirePayloads): Payload[] =>
  body.payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));

const toWire = (payloads: Payload[]): View<typeof codecPayloadsView> => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  })),
});

const unreadable = () =>
  new Problem(
    422,
    'payload_unreadable',
    'Une des valeurs ne peut pas être déchiffrée avec les clés de ce registre.',
  );

export function temporalCodecRoutes(deps: ApiDeps) {
  const router = newRouter('/api/temporal-codec');
  const codec = new EncryptionCodec(deps.keys);
  router.use(requireRole('supervisor'));

  router.post('/decode', async (ctx) => {
    const { actor } = signedIn(ctx);
    const payloads = fromWire(parse(codecPayloadsSchema, ctx.request.body));
    const decoded = await codec.decode(payloads).catch(() => {
      throw unreadable();
    });
    await audit(
      deps.db,
      actor,
      'temporal_payloads_decoded',
      { type: 'temporal', id: 'codec' },
      {
        count: payloads.length,
        namespace: ctx.get('x-namespace').slice(0, 100) || null,
      },
    );
    ctx.body = toWire(decoded) satisfies View<typeof codecPayloadsView>;
  });

  router.post('/encode', async (ctx) => {
    signedIn(ctx);
    const payloads = fromWire(parse(codecPayloadsSchema, ctx.request.body));
    ctx.body = toWire(await codec.encode(payloads)) satisfies View<typeof codecPayloadsView>;
  });

  return router;
}
