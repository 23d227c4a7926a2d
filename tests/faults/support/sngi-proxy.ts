/**
 * In front of the SNGI simulator: each identity check is held for a while (so that checks are in
 * flight when the worker is killed), and every call is recorded with its Idempotency-Key and when it
 * started and ended, so that a test can tell a repeated call from a retried step.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SngiCall {
  key: string | null;
  startedAt: number;
  endedAt: number | null;
}

export interface SngiProxy {
  url: string;
  calls: SngiCall[];
  stop(): Promise<void>;
}

/**
 * `holdMs`: how long each call is held, or a function of its rank (the first call is 0), so that
 * answers come out spread over time rather than all at once.
 */
export async function startSngiProxy(
  target: string,
  holdMs: number | ((rank: number) => number),
): Promise<SngiProxy> {
  const calls: SngiCall[] = [];
  const server: Server = createServer(async (req, res) => {
    // A worker killed mid-call resets its connection: nothing to answer to.
    req.on('error', () => {});
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const key = req.headers['idempotency-key'];
    const call: SngiCall = {
      key: typeof key === 'string' ? key : null,
      startedAt: Date.now(),
      endedAt: null,
    };
    calls.push(call);
    const hold = typeof holdMs === 'number' ? holdMs : holdMs(calls.length - 1);
    await new Promise((resolve) => setTimeout(resolve, hold));
    try {
      const answer = await fetch(new URL(req.url ?? '/', target), {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    } catch {
      res.writeHead(502).end();
    }
    call.endedAt = Date.now();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
