/** Free ports for the cluster stack (tests and benchmarks run it beside anything else on the machine). */
import { createServer } from 'node:net';
import type { ClusterPorts } from './cluster.ts';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Distinct free ports below the kernel's ephemeral range: Temporal stores its services' ports in a
 * PostgreSQL `smallint` (at most 32767), and ports handed out by the kernel for port 0 are above.
 */
async function freeLowPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.has(port) && (await portFree(port))) ports.add(port);
  }
  return [...ports];
}

/** Every port the cluster stack listens on, free and low; SNGI and SMTP on ports the kernel picks. */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  const p = await freeLowPorts(19);
  const at = (i: number) => p[i]!;
  return {
    postgres: at(0),
    temporal: {
      frontend: at(1),
      frontendHttp: at(2),
      frontendMembership: at(3),
      history: at(4),
      historyMembership: at(5),
      matching: at(6),
      matchingMembership: at(7),
      worker: at(8),
      workerMembership: at(9),
    },
    temporalUi: at(10),
    s3: {
      s3: at(11),
      s3Grpc: at(12),
      master: at(13),
      masterGrpc: at(14),
      volume: at(15),
      volumeGrpc: at(16),
      filer: at(17),
      filerGrpc: at(18),
    },
    sngi: 0,
    smtp: 0,
    mailbox: 0,
  };
}
