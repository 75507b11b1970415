import * as vscode from 'vscode';
import type { AuthConfig, CredentialStore } from '../engine/credentials/store';

const KEY = (registry: string) => `stevedore.registry-auth/${registry.toLowerCase()}`;

/**
 * Logins made in VS Code live in SecretStorage (the OS keychain where VS Code has one), never in
 * settings or files. Lookups fall back to `fallback` — Docker's config.json and its credential
 * helpers — so a `docker login` the user already has works here too; logging out in VS Code
 * erases only what VS Code stored.
 */
export class SecretStorageCredentialStore implements CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage, private readonly fallback?: CredentialStore) {}

  async get(registry: string): Promise<AuthConfig | undefined> {
    const stored = await this.secrets.get(KEY(registry));
    if (stored) {
      try {
        return JSON.parse(stored) as AuthConfig;
      } catch {
        await this.secrets.delete(KEY(registry)); // unreadable entry: drop it rather than send garbage
      }
    }
    return this.fallback?.get(registry);
  }

  async store(registry: string, auth: AuthConfig): Promise<void> {
    await this.secrets.store(KEY(registry), JSON.stringify(auth));
  }

  async erase(registry: string): Promise<boolean> {
    const had = (await this.secrets.get(KEY(registry))) !== undefined;
    if (had) await this.secrets.delete(KEY(registry));
    return had;
  }

  /** Whether VS Code holds a login for `registry` (the tree's login state). */
  async has(registry: string): Promise<boolean> {
    return (await this.secrets.get(KEY(registry))) !== undefined;
  }
}
