/**
 * Pieces of the Docker Engine API's wire that both sides of it in Stevedore speak: the server
 * (client/src/daemon, which writes them) and the client (engine/docker, which reads them from
 * dockerd or Podman). Names follow moby's api/ and pkg/ packages.
 */

/** `1.41` against `1.47`: negative, zero or positive, part by part (API versions are MAJOR.MINOR). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export const versionAtLeast = (v: string, min: string): boolean => compareVersions(v, min) >= 0;

/**
 * One message of a JSON message stream (moby pkg/jsonmessage): pull, push, load, import and
 * build progress. `Aux` is what the stream carries in `aux` (a push's tag and digest, a build's
 * image ID, BuildKit's base64 trace).
 */
export interface JsonMessage<Aux = unknown> {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  aux?: Aux;
  error?: string;
  errorDetail?: { message?: string; code?: number };
}
