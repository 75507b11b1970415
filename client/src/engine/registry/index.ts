import { ContentStore } from '../content/store';
import { DockerConfigCredentialStore } from '../credentials/dockerconfig';
import type { CredentialStore } from '../credentials/store';
import { resolveDataRoot } from '../dataroot';
import { EventJournal } from '../events';
import { ImageStore } from '../image/store';
import { RegistryService, RegistryImageStore } from './service';
import { loadRegistryConfig, type RegistryConfig } from './config';

export type { RegistryApi, PullOptions, PullResult, PushOptions, PushResult, LayerProgress, RemoteManifest } from './api';
export { RegistryService } from './service';
export type { RegistryImageStore, LocalImage } from './service';

export interface OpenRegistryOptions {
  images?: RegistryImageStore;
  content?: ContentStore;
  events?: EventJournal;
  credentials?: CredentialStore;
  env?: NodeJS.ProcessEnv;
  /** The registry configuration; default: read from the file (registry/config.ts) for `env`. */
  config?: RegistryConfig;
}

/**
 * The registry half of the embedded engine for a data root. Mirrors, insecure (plain-HTTP)
 * and blocked registries come from the registry configuration file (registry/config.ts), plus
 * `STEVEDORE_INSECURE_REGISTRIES` (comma-separated host[:port] or CIDR).
 */
export function openRegistryService(dataRoot?: string, o: OpenRegistryOptions = {}): RegistryService {
  const env = o.env ?? process.env;
  const root = resolveDataRoot(dataRoot, env);
  const content = o.content ?? new ContentStore(root);
  const events = o.events ?? new EventJournal(root);
  return new RegistryService({
    dataRoot: root,
    content,
    events,
    images: o.images ?? new ImageStore(root, content, events),
    credentials: o.credentials ?? new DockerConfigCredentialStore(),
    config: o.config ?? loadRegistryConfig({ env }),
  });
}
