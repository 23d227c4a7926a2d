/**
 * The versions of the cluster stack, pinned once: docker-compose.yml names the same ones (its test
 * checks it), and each binary is built from the Go module proxy into the cache on first use.
 */
import { goBinary, type GoBinary } from '../go-build.ts';

export const TEMPORAL_SERVER_VERSION = '1.30.4';
/** The Web UI that the Temporal CLI 1.5.1 embeds, already known to work with these servers. */
export const TEMPORAL_UI_VERSION = '2.42.1';
/** SeaweedFS publishes no semver tags: this is the proxy's pseudo-version of its 4.53 sources. */
export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
/** The release those sources are (its Docker image's tag). */
export const SEAWEEDFS_RELEASE = '4.53';

export const CLUSTER_BINARIES = {
  temporalServer: {
    what: `le serveur Temporal ${TEMPORAL_SERVER_VERSION}`,
    file: `temporal-server-${TEMPORAL_SERVER_VERSION}`,
    target: `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
    module: 'go.temporal.io/server',
  },
  // Carries the schema files of the same module (`--schema-name postgresql/v12/temporal`).
  temporalSqlTool: {
    what: `temporal-sql-tool ${TEMPORAL_SERVER_VERSION}`,
    file: `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`,
    target: `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
    module: 'go.temporal.io/server',
  },
  temporalUi: {
    what: `l'interface Web de Temporal ${TEMPORAL_UI_VERSION}`,
    file: `temporal-ui-server-${TEMPORAL_UI_VERSION}`,
    target: `github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_VERSION}`,
    module: 'github.com/temporalio/ui-server/v2',
    // The configuration template of its Docker image: the same variables (TEMPORAL_ADDRESS…) here.
    files: ['config/docker.yaml'],
  },
  // Its go.mod has a `replace` directive, which `go install pkg@version` refuses.
  seaweedfs: {
    what: 'SeaweedFS',
    file: `weed-${SEAWEEDFS_VERSION.slice(-12)}`,
    target: `github.com/seaweedfs/seaweedfs/weed@${SEAWEEDFS_VERSION}`,
    module: 'github.com/seaweedfs/seaweedfs',
    buildInModule: true,
  },
} satisfies Record<string, GoBinary>;

export type ClusterBinary = keyof typeof CLUSTER_BINARIES;

/** The path of one binary, built when missing; throws with what to do when it cannot be. */
export function clusterBinary(name: ClusterBinary, log: (line: string) => void = () => {}): string {
  const binary: GoBinary = CLUSTER_BINARIES[name];
  const found = goBinary(binary, log);
  if (!found)
    throw new Error(
      `${binary.what} introuvable et impossible à construire : installez Go ≥ 1.25 (go install ${binary.target}).`,
    );
  return found;
}

// Run directly (`node stack/cluster/binaries.ts`), it builds whatever is missing: `.ci/run` uses it.
if (import.meta.main) {
  for (const name of Object.keys(CLUSTER_BINARIES) as ClusterBinary[])
    console.log(clusterBinary(name, (line) => console.error(line)));
}
