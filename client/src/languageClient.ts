import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS } from '../../server/src/launch';
import { parseAnyReference } from './core/reference';
import type { EngineHost } from './ui/engineHost';

/**
 * Starts the Dockerfile language server (dist/server.js) over IPC. Bundled on its own
 * (dist/languageClient.js) and loaded after activation, so the ~800 kB of vscode-languageclient
 * never counts against activation time.
 *
 * With an engine host, the client answers the server's questions about local images
 * (`stevedore/localImages`, `stevedore/imageFacts`, see server/src/facts.ts) from the engine;
 * the build's measured layers go the other way (`stevedore/layerMeasurements`, ui/measurements.ts).
 */
export function startLanguageClient(context: vscode.ExtensionContext, host?: EngineHost): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server's node flags come from one constant that bench/lsp.bench.ts also starts the server
  // with, so the benchmark measures what users run.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    synchronize: { configurationSection: 'stevedore' },
  };
  const c = new LanguageClient('stevedore', 'Stevedore Dockerfile', serverOptions, clientOptions);
  if (host) {
    c.onRequest('stevedore/localImages', () => localImages(host));
    c.onRequest('stevedore/imageFacts', (p: { image?: unknown }) => (typeof p?.image === 'string' ? imageFacts(host, p.image) : null));
  }
  context.subscriptions.push(c);
  return c;
}

/** The local images as FROM names them: familiar repository (`busybox`, `ghcr.io/o/app`) with its tags. */
export async function localImages(host: EngineHost): Promise<Array<{ repository: string; tags: string[] }>> {
  const images = await (await host.get()).images.list();
  const repos = new Map<string, Set<string>>();
  for (const image of images) {
    for (const full of image.repoTags) {
      try {
        const ref = parseAnyReference(full);
        const tags = repos.get(ref.familiarName) ?? new Set<string>();
        if (ref.tag) tags.add(ref.tag);
        repos.set(ref.familiarName, tags);
      } catch {
        // A tag the reference parser does not take is not something FROM can name either.
      }
    }
  }
  return [...repos].sort(([a], [b]) => a.localeCompare(b)).map(([repository, tags]) => ({ repository, tags: [...tags].sort() }));
}

/** What the server shows about a local image (hover, platform and variable checks), or null when the store does not have it. */
export async function imageFacts(host: EngineHost, image: string): Promise<object | null> {
  try {
    const i = await (await host.get()).images.inspect(image);
    return {
      id: i.Id, size: i.Size, created: i.Created || undefined, layers: i.RootFS?.Layers?.length ?? 0,
      os: i.Os || undefined, architecture: i.Architecture || undefined, variant: i.Variant || undefined, env: i.Config?.Env ?? [],
    };
  } catch {
    return null;
  }
}
