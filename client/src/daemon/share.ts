import { dataRootSocketPath, defaultSocketPath } from './hosts';
import type { ServedEngine } from './context';
import { ApiServer, servedRoot } from './server';

/** How the API for a data root is reachable after `serveOrReuse`. */
export interface SharedApi {
  /** The unix socket path. */
  socket: string;
  /** `here`: this process listens; `elsewhere`: another window or a `stevedore system service` serves this data root there. */
  servedBy: 'here' | 'elsewhere';
  /** The server this process started (only when `servedBy` is `here`); the caller closes it. */
  server?: ApiServer;
}

/**
 * Where VS Code serves the API for a data root, in order: the per-user socket, then the one under
 * the data root (used when the per-user one belongs to another data root's engine).
 */
export function sharedSocketCandidates(dataRoot: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([defaultSocketPath(dataRoot, env), dataRootSocketPath(dataRoot)])];
}

/**
 * Serves the API for `engine` on the first candidate socket nobody else holds, or reuses one that
 * already serves the same data root (another window, a `stevedore system service`). A socket that
 * answers for another data root is left alone; one that is held but does not answer (a busy
 * process) is left alone too; a socket file nobody listens on any more is replaced (see
 * prepareSocketPath). Throws, naming each socket and why, when every candidate belongs to someone else.
 */
export async function serveOrReuse(engine: ServedEngine, candidates: string[]): Promise<SharedApi> {
  const skipped: string[] = [];
  for (const socket of candidates) {
    const root = await servedRoot(socket);
    if (root === engine.location) return { socket, servedBy: 'elsewhere' };
    if (root !== undefined) {
      skipped.push(`${socket} serves another data root (${root})`);
      continue;
    }
    const server = new ApiServer({ engine });
    try {
      await server.listen([{ kind: 'unix', path: socket }]);
      return { socket, servedBy: 'here', server };
    } catch (e) {
      await server.close().catch(() => undefined);
      // Someone else holds the socket (another window won the race, or a process that is slow to
      // answer): use it when it serves this data root, else try the next candidate.
      if ((e as { code?: string }).code === 'EADDRINUSE' && (await servedRoot(socket)) === engine.location) return { socket, servedBy: 'elsewhere' };
      skipped.push(`${socket}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`not served: ${skipped.join('; ')}`);
}
