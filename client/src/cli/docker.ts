import * as path from 'path';
import type { Command } from 'commander';
import type { EmbeddedEngine } from '../engine/embedded';
import { EngineError } from '../core/errors';

/**
 * `stevedore --engine docker [--host URL]`: the CLI's commands over a Docker daemon. The
 * DockerEngine lives in its own bundle (dist/docker.js, dockerode), loaded only here so the
 * CLI's start-up does not pay for it. `STEVEDORE_ENGINE=docker` does the same as the flag;
 * `--host` alone implies docker.
 */
export function dockerMode(cmd: Command): boolean {
  const g = cmd.optsWithGlobals() as { engine?: string; host?: string };
  const kind = g.engine ?? process.env.STEVEDORE_ENGINE;
  if (kind !== undefined && kind !== 'embedded' && kind !== 'docker' && kind !== 'auto') {
    throw new EngineError('invalid-argument', `unknown engine "${kind}" (expected embedded or docker)`);
  }
  return kind === 'docker' || (kind === undefined && !!g.host);
}

/**
 * The DockerEngine, shaped as the commands expect the engine (they are typed against the embedded
 * one): members it does not have (the embedded stores, `builder`, `startAttached` where missing ...)
 * throw `unavailable` naming the member, instead of failing with a TypeError.
 */
export async function openDockerEngine(cmd: Command): Promise<EmbeddedEngine> {
  const g = cmd.optsWithGlobals() as { host?: string };
  const inDist = path.basename(__dirname) === 'dist';
  const mod = require(inDist ? path.join(__dirname, 'docker.js') : path.join(__dirname, '..', 'engine', 'docker', 'index.js')) as typeof import('../engine/docker');
  const engine = await mod.DockerEngine.open({ host: g.host });
  // The two store lookups the container commands make (is the image here? is the container gone?).
  Object.assign(engine, { imageStore: { find: (ref: string) => engine.images.inspect(ref).catch(() => undefined) } });
  Object.assign(engine.containers, { store: { read: (id: string) => engine.containers.inspect(id).catch(() => undefined) } });
  return guard(engine, 'engine') as unknown as EmbeddedEngine;
}

function guard<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const v = Reflect.get(t, prop, receiver);
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') return v;
      if (v === undefined && !(prop in t)) {
        const fail = () => {
          throw new EngineError('unavailable', `this command is not supported with --engine docker yet (${name}.${prop}); use the embedded engine`);
        };
        return new Proxy(fail, { get: () => fail() });
      }
      if (v && typeof v === 'object' && ['images', 'containers', 'volumes'].includes(prop)) return guard(v as object, `${name}.${prop}`);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}
