import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { credentialKey, hostnameOfKey } from '../registry/hosts';
import { helperErase, helperGet, helperStore } from './helper';
import type { AuthConfig, CredentialStore } from './store';

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [other: string]: unknown;
}

/** `$DOCKER_CONFIG` or `~/.docker`, as the docker CLI resolves it. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

/**
 * Credentials in Docker's `config.json`, compatible both ways with the docker CLI:
 * `credHelpers[registry]`, then `credsStore`, then base64 `user:pass` under `auths`.
 * Docker Hub is filed under `https://index.docker.io/v1/`. Other keys in the file are kept.
 */
export class DockerConfigCredentialStore implements CredentialStore {
  readonly file: string;

  constructor(configDir: string = dockerConfigDir()) {
    this.file = path.join(configDir, 'config.json');
  }

  private async load(): Promise<DockerConfigFile> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new EngineError('unavailable', `cannot read ${this.file}: ${(e as Error).message}`);
    }
    if (!text.trim()) return {};
    try {
      return JSON.parse(text) as DockerConfigFile;
    } catch {
      throw new EngineError('corrupt', `${this.file} is not valid JSON; fix or remove it`);
    }
  }

  /** Atomic replace, readable only by the owner (it may hold base64 passwords). */
  private async save(cfg: DockerConfigFile): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    await fs.promises.writeFile(tmp, JSON.stringify(cfg, null, '\t') + '\n', { mode: 0o600 });
    await fs.promises.rename(tmp, this.file);
  }

  private helperFor(cfg: DockerConfigFile, key: string): string | undefined {
    const helpers = cfg.credHelpers ?? {};
    return helpers[key] ?? helpers[hostnameOfKey(key)] ?? cfg.credsStore ?? undefined;
  }

  private findAuthKey(cfg: DockerConfigFile, key: string): string | undefined {
    const auths = cfg.auths ?? {};
    if (key in auths) return key;
    const host = hostnameOfKey(key);
    return Object.keys(auths).find((k) => hostnameOfKey(k) === host);
  }

  async get(registry: string): Promise<AuthConfig | undefined> {
    const key = credentialKey(registry);
    const cfg = await this.load();
    const helper = this.helperFor(cfg, key);
    if (helper) return helperGet(helper, key);
    const found = this.findAuthKey(cfg, key);
    if (!found) return undefined;
    const entry = cfg.auths![found];
    const out: AuthConfig = {};
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new EngineError('corrupt', `the saved login for ${registry} in ${this.file} is malformed; run \`stevedore login ${registry}\` again`);
      out.username = decoded.slice(0, colon);
      out.password = decoded.slice(colon + 1);
    } else if (entry.username) {
      out.username = entry.username;
      out.password = entry.password;
    }
    if (entry.identitytoken) out.identityToken = entry.identitytoken;
    if (entry.registrytoken) out.registryToken = entry.registrytoken;
    return out.username || out.identityToken || out.registryToken ? out : undefined;
  }

  async store(registry: string, auth: AuthConfig): Promise<void> {
    const key = credentialKey(registry);
    const cfg = await this.load();
    const helper = this.helperFor(cfg, key);
    cfg.auths = cfg.auths ?? {};
    if (helper) {
      await helperStore(helper, key, auth);
      cfg.auths[key] = {}; // what docker does: the entry says "logged in", the secret lives in the helper
    } else {
      const entry: { auth?: string; identitytoken?: string } = {};
      if (auth.username !== undefined) entry.auth = Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64');
      if (auth.identityToken) entry.identitytoken = auth.identityToken;
      cfg.auths[key] = entry;
    }
    await this.save(cfg);
  }

  async erase(registry: string): Promise<boolean> {
    const key = credentialKey(registry);
    const cfg = await this.load();
    const helper = this.helperFor(cfg, key);
    let erased = false;
    if (helper) erased = await helperErase(helper, key);
    const host = hostnameOfKey(key);
    for (const k of Object.keys(cfg.auths ?? {})) {
      if (k === key || hostnameOfKey(k) === host) {
        delete cfg.auths![k];
        erased = true;
      }
    }
    if (erased) await this.save(cfg);
    return erased;
  }
}
