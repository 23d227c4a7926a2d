/**
 * The Temporal Web UI for operators (ui-server, built from the Go module proxy), configured like its
 * Docker image: the image's template `config/docker.yaml`, read with TEMPORAL_ADDRESS,
 * TEMPORAL_UI_PORT and TEMPORAL_DEFAULT_NAMESPACE. A `base.yaml` of our own binds it to 127.0.0.1.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../wait.ts';
import { clusterBinary } from './binaries.ts';
import { startServiceProcess } from './service-process.ts';

export async function startTemporalUi(options: {
  directory: string;
  port: number;
  temporalAddress: string;
  namespace: string;
  log: (line: string) => void;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const binary = clusterBinary('temporalUi', options.log);
  const config = path.join(options.directory, 'config');
  mkdirSync(config, { recursive: true });
  cpSync(path.join(`${binary}.files`, 'config', 'docker.yaml'), path.join(config, 'docker.yaml'));
  writeFileSync(path.join(config, 'base.yaml'), 'host: 127.0.0.1\n');
  const url = `http://127.0.0.1:${options.port}`;
  const ui = startServiceProcess(
    binary,
    ['--root', options.directory, '--env', 'docker', 'start'],
    {
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_UI_PORT: String(options.port),
      TEMPORAL_DEFAULT_NAMESPACE: options.namespace,
      TEMPORAL_NOTIFY_ON_NEW_VERSION: 'false',
    },
    options.log,
  );
  const stop = () => ui.stop();
  try {
    await waitFor(`l'interface Web de Temporal (${url})`, 60_000, async () => {
      if (ui.exited()) throw new Error("l'interface Web de Temporal s'est arrêtée au démarrage");
      const response = await fetch(`${url}/api/v1/namespaces/${options.namespace}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
