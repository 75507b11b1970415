/**
 * The Docker engine bundle (dist/docker.js): loaded only when `stevedore.engine` is `docker`
 * or the CLI is given `--engine docker`, so dockerode costs nothing otherwise.
 */
import type { Engine } from '../engine';
import { DockerEngine, type DockerEngineOptions } from './engine';

export { DockerEngine, mapDaemonEvent } from './engine';
export type { DockerEngineOptions } from './engine';
export { resolveEndpoint, currentContext, readContext, normalizeHost, DEFAULT_HOST } from './connection';
export type { DockerEndpoint } from './connection';
export { DockerContainers, DockerVolumes } from './containers';
export { DockerImages } from './images';
export { MIN_API, MAX_API } from './client';
export type { DockerBuilderChoice } from './buildkit';
export { DockerConfigCredentialStore } from '../credentials/dockerconfig';

/** The Docker engine as callers outside the engine see it: the Engine contract over a daemon. */
export async function openDockerEngine(opts: DockerEngineOptions = {}): Promise<Engine> {
  return DockerEngine.open(opts);
}
