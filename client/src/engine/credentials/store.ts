/** Credentials for one registry. Never logged, never put in an error message or an event. */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (Docker's `identitytoken`), used instead of a password where present. */
  identityToken?: string;
  /** A bearer token to send as-is (Docker's `registrytoken`). */
  registryToken?: string;
}

/**
 * Where logins live. The CLI files them in Docker's `~/.docker/config.json` (so existing
 * `docker login`s work, including `credsStore`/`credHelpers` helpers); the VS Code side can
 * plug SecretStorage in by implementing this interface. `registry` is a registry name as in
 * references (`docker.io`, `127.0.0.1:5000`).
 */
export interface CredentialStore {
  get(registry: string): Promise<AuthConfig | undefined>;
  store(registry: string, auth: AuthConfig): Promise<void>;
  /** Returns false when there was nothing to erase. */
  erase(registry: string): Promise<boolean>;
}

/** Process-lifetime credentials (tests, one-off sessions, or a layer in front of another store). */
export class MemoryCredentialStore implements CredentialStore {
  private readonly entries = new Map<string, AuthConfig>();
  async get(registry: string): Promise<AuthConfig | undefined> {
    return this.entries.get(registry.toLowerCase());
  }
  async store(registry: string, auth: AuthConfig): Promise<void> {
    this.entries.set(registry.toLowerCase(), { ...auth });
  }
  async erase(registry: string): Promise<boolean> {
    return this.entries.delete(registry.toLowerCase());
  }
}
