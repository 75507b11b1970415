/**
 * NODE_EXTRA_CA_CERTS without its start-up cost.
 *
 * Node 20 reads the file NODE_EXTRA_CA_CERTS names while it starts, before any script runs, and
 * builds its whole root store then (its ~140 bundled roots and the file): ~30 ms of CPU on every
 * process, whether it opens a TLS connection or not. Most CLI commands open none (`ps`, `images`,
 * `create`), and neither does a container's supervisor, so Stevedore's own Node processes start
 * with the variable moved aside, under DEFERRED_CA_ENV: the CLI's launcher line
 * (`#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS STEVEDORE_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS}
 * node`, see esbuild.js) and nodeChildEnv() for the processes the engine starts. The registry
 * client's first TLS connection reads the file then, once, and trusts its CAs beside Node's own,
 * which is what Node would have done with the variable (Node 20 has no way to add them to its
 * defaults later: tls.setDefaultCACertificates came in Node 22.15).
 */
import * as fs from 'fs';
import * as tls from 'tls';

export const DEFERRED_CA_ENV = 'STEVEDORE_NODE_EXTRA_CA_CERTS';

let loaded: { certs: string[] | undefined } | undefined;

/**
 * The CA list a TLS client here passes as `ca` to trust what NODE_EXTRA_CA_CERTS named, or
 * undefined when Node's defaults already do (the variable reached Node, or none was set).
 */
export function extraCaCerts(): string[] | undefined {
  if (loaded) return loaded.certs;
  const file = process.env.NODE_EXTRA_CA_CERTS ? '' : process.env[DEFERRED_CA_ENV] ?? '';
  let certs: string[] | undefined;
  if (file) {
    try {
      certs = [...tls.rootCertificates, fs.readFileSync(file, 'latin1')];
    } catch (e) {
      // Node's own words and behaviour for an unreadable file: warn and go on with its roots.
      process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(e as Error).message}`);
    }
  }
  loaded = { certs };
  return certs;
}

/** The environment for a Node child the engine starts (supervisor, network helper): the CA file moved aside, as for the CLI. */
export function nodeChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!env.NODE_EXTRA_CA_CERTS) return env;
  const { NODE_EXTRA_CA_CERTS: file, ...rest } = env;
  return { ...rest, [DEFERRED_CA_ENV]: file };
}
