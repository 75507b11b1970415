import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { RegistryClient } from '../../client/src/engine/registry/client';
import { ContentStore } from '../../client/src/engine/content/store';
import { MemoryCredentialStore } from '../../client/src/engine/credentials/store';
import { EventJournal } from '../../client/src/engine/events';
import { ImageStore } from '../../client/src/engine/image/store';
import { EngineError } from '../../client/src/core/errors';
import { LocalImage, RegistryImageStore, RegistryService, RegistryServiceOptions } from '../../client/src/engine/registry/service';
import { exited, probeHttp } from './process';

/**
 * A real registry (Debian's docker-registry, distribution 2.8) started by a test on
 * 127.0.0.1:<free port> with filesystem storage in a temp dir and deletes enabled.
 * Optional auth: htpasswd Basic (bcrypt entries from `htpasswd -Bbn`) or token auth
 * (`auth.token` with a realm served by the test, see test/support/tokenserver.ts).
 */
export interface Registry {
  /** `127.0.0.1:PORT` — the registry host as used in references. */
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly dir: string;
  readonly storageDir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** Enables htpasswd Basic auth with these users. */
  users?: Array<{ user: string; password: string }>;
  /** Enables token auth: the registry sends clients to `realm` and verifies JWTs signed by the cert's key. */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
  /** Serves HTTPS with this certificate and key (PEM files). */
  tls?: { certificate: string; key: string };
  /** Extra config YAML appended verbatim (top-level keys). */
  extraConfig?: string;
  /** The loopback address to listen on (default 127.0.0.1), e.g. the one this host's name resolves to. */
  bindHost?: string;
}

/** A self-signed certificate for 127.0.0.1 (SAN IP), usable as its own CA. */
export function makeSelfSignedCert(dir: string, cn = 'stevedore-test-registry'): { certificate: string; key: string } {
  const certificate = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2', '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { certificate, key };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const probe = (url: string) => probeHttp(url);

export async function startRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sv-registry-'));
  const storageDir = path.join(dir, 'storage');
  await fs.promises.mkdir(storageDir);
  let auth = '';
  if (opts.users) {
    const htpasswd = path.join(dir, 'htpasswd');
    const lines = opts.users.map((u) => execFileSync('htpasswd', ['-Bbn', u.user, u.password], { encoding: 'utf8' }).trim());
    await fs.promises.writeFile(htpasswd, lines.join('\n') + '\n');
    auth = `auth:\n  htpasswd:\n    realm: stevedore-test\n    path: ${htpasswd}\n`;
  } else if (opts.token) {
    const t = opts.token;
    auth = `auth:\n  token:\n    realm: ${t.realm}\n    service: ${t.service}\n    issuer: ${t.issuer}\n    rootcertbundle: ${t.rootCertBundle}\n`;
  }
  const logFile = path.join(dir, 'registry.log');
  const configFile = path.join(dir, 'config.yml');
  let lastError = '';
  // The port can be taken between freePort() and the registry's bind; try a few times.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config =
      `version: 0.1\n` +
      `log:\n  level: warn\n  accesslog:\n    disabled: true\n` +
      `storage:\n  filesystem:\n    rootdirectory: ${storageDir}\n  delete:\n    enabled: true\n  maintenance:\n    uploadpurging:\n      enabled: false\n` +
      `http:\n  addr: ${opts.bindHost ?? '127.0.0.1'}:${port}\n  secret: stevedore-test-secret\n` +
      (opts.tls ? `  tls:\n    certificate: ${opts.tls.certificate}\n    key: ${opts.tls.key}\n` : '') +
      auth +
      (opts.extraConfig ?? '');
    await fs.promises.writeFile(configFile, config);
    const log = fs.openSync(logFile, 'a');
    const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const onExit = () => child.kill('SIGKILL');
    process.once('exit', onExit);
    const stop = async () => {
      process.off('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if (!(await exited(child, 5000))) {
          child.kill('SIGKILL');
          await exited(child, 2000);
        }
      }
    };
    const url = `${opts.tls ? 'https' : 'http'}://${opts.bindHost ?? '127.0.0.1'}:${port}`;
    const deadline = Date.now() + 15_000;
    let up = false;
    while (Date.now() < deadline && child.exitCode === null) {
      const status = await probe(`${url}/v2/`);
      if (status === 200 || status === 401) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (up) {
      return {
        host: `${opts.bindHost ?? '127.0.0.1'}:${port}`,
        port,
        url,
        dir,
        storageDir,
        logFile,
        stop: async () => {
          await stop();
          await fs.promises.rm(dir, { recursive: true, force: true });
        },
      };
    }
    await stop();
    lastError = fs.readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
  }
  await fs.promises.rm(dir, { recursive: true, force: true });
  throw new Error(`docker-registry did not start:\n${lastError}`);
}

/** A synthetic image as raw blobs (random, incompressible layers) for registry-level tests. */
export interface RawImage {
  config: { desc: { mediaType: string; digest: string; size: number }; bytes: Buffer };
  layers: Array<{ desc: { mediaType: string; digest: string; size: number }; bytes: Buffer }>;
  manifest: Buffer;
  manifestDigest: string;
  mediaType: string;
}

export function makeRawImage(layerSizes: number[], opts: { oci?: boolean; seed?: string; architecture?: string; variant?: string } = {}): RawImage {
  const sha = (b: Buffer) => 'sha256:' + crypto.createHash('sha256').update(b).digest('hex');
  const layerType = opts.oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip';
  const layers = layerSizes.map((n) => {
    const bytes = crypto.randomBytes(n);
    return { desc: { mediaType: layerType, digest: sha(bytes), size: n }, bytes };
  });
  const config = Buffer.from(
    JSON.stringify({
      architecture: opts.architecture ?? 'amd64',
      ...(opts.variant ? { variant: opts.variant } : {}),
      os: 'linux',
      config: { Cmd: ['sh'], Labels: { seed: opts.seed ?? crypto.randomUUID() } },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.desc.digest) },
      history: layers.map(() => ({ created_by: 'test' })),
    }),
  );
  const configDesc = { mediaType: opts.oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', digest: sha(config), size: config.length };
  const mediaType = opts.oci ? 'application/vnd.oci.image.manifest.v1+json' : 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, config: configDesc, layers: layers.map((l) => l.desc) }));
  return { config: { desc: configDesc, bytes: config }, layers, manifest, manifestDigest: sha(manifest), mediaType };
}

/**
 * The registry half of the embedded engine on a temp data root, wired the way the engine
 * wires it (content store, image store, event journal), with in-memory credentials and
 * fast retries for tests.
 */
export interface TestRegistryEngine {
  root: string;
  content: ContentStore;
  images: RegistryImageStore;
  events: EventJournal;
  credentials: MemoryCredentialStore;
  svc: RegistryService;
  dispose(): Promise<void>;
}

export function openTestRegistryEngine(opts: { root?: string; client?: RegistryServiceOptions['client']; concurrency?: number } = {}): TestRegistryEngine {
  const root = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sv-regengine-'));
  const content = new ContentStore(root);
  const events = new EventJournal(root);
  const images = new ImageStore(root, content, events);
  const credentials = new MemoryCredentialStore();
  const svc = new RegistryService({ dataRoot: root, content, images, events, credentials, concurrency: opts.concurrency, client: { backoffMs: 20, retries: 3, ...(opts.client ?? {}) } });
  return {
    root,
    content,
    images,
    events,
    credentials,
    svc,
    dispose: async () => {
      events.dispose();
      if (!opts.root) await fs.promises.rm(root, { recursive: true, force: true });
    },
  };
}

/** An OCI image layout made by umoci: one layer holding busybox-static as /bin/busybox. */
export function makeBusyboxOciLayout(dir: string, tag = 'bb'): { layout: string; tag: string } {
  const layout = path.join(dir, 'layout');
  const bundle = path.join(dir, 'bundle');
  execFileSync('umoci', ['init', '--layout', layout]);
  execFileSync('umoci', ['new', '--image', `${layout}:${tag}`]);
  execFileSync('umoci', ['unpack', '--image', `${layout}:${tag}`, bundle], { stdio: 'ignore' });
  fs.mkdirSync(path.join(bundle, 'rootfs', 'bin'), { recursive: true });
  fs.copyFileSync('/usr/bin/busybox', path.join(bundle, 'rootfs', 'bin', 'busybox'));
  fs.symlinkSync('busybox', path.join(bundle, 'rootfs', 'bin', 'sh'));
  execFileSync('umoci', ['repack', '--image', `${layout}:${tag}`, bundle]);
  execFileSync('umoci', ['config', '--image', `${layout}:${tag}`, '--config.cmd', '/bin/sh', '--architecture', 'amd64', '--os', 'linux']);
  fs.rmSync(bundle, { recursive: true, force: true });
  return { layout, tag };
}

/** Pushes a RawImage's blobs and manifest with a client; returns the manifest digest. */
export async function pushRawImage(c: RegistryClient, repo: string, img: RawImage, tag = 'latest'): Promise<string> {
  for (const b of [img.config, ...img.layers]) {
    await c.pushBlob(repo, b.desc, (start, end) => Readable.from([b.bytes.subarray(start, end === undefined ? undefined : end + 1)]));
  }
  return c.putManifest(repo, tag, img.manifest, img.mediaType);
}

/** Pushes an OCI index over already-pushed images; returns its digest. */
export async function pushIndex(c: RegistryClient, repo: string, entries: Array<{ img: RawImage; os: string; architecture: string; variant?: string }>, tag: string): Promise<string> {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries.map((e) => ({
        mediaType: e.img.mediaType,
        digest: e.img.manifestDigest,
        size: e.img.manifest.length,
        platform: { os: e.os, architecture: e.architecture, ...(e.variant ? { variant: e.variant } : {}) },
      })),
    }),
  );
  return c.putManifest(repo, tag, index, 'application/vnd.oci.image.index.v1+json');
}

/**
 * Problems in a data root: tags whose manifest/config/layers are missing or corrupt, and
 * blobs that no longer match their digest. Empty = consistent. (The image store's fsck
 * covers more; this is what pull/push can break.)
 */
export async function storeProblems(root: string, images: RegistryImageStore = openImageStore(root)): Promise<string[]> {
  const content = new ContentStore(root);
  const problems: string[] = [];
  for (const d of await content.list()) if (!(await content.verify(d))) problems.push(`blob ${d} is corrupt`);
  for (const img of (await images.list?.()) ?? []) {
    if (!(await content.verify(img.manifest.digest))) {
      problems.push(`${img.repoTags.join(',')}: manifest ${img.manifest.digest} missing`);
      continue;
    }
    const m = JSON.parse((await content.read(img.manifest.digest)).toString()) as { config: { digest: string }; layers: Array<{ digest: string }> };
    for (const d of [m.config, ...m.layers]) if (!(await content.verify(d.digest))) problems.push(`${img.repoTags.join(',')}: blob ${d.digest} missing`);
  }
  return problems;
}

/** The image store the engine uses for a data root (opened read-mostly by tests to check results). */
export function openImageStore(root: string): RegistryImageStore {
  const content = new ContentStore(root);
  return new ImageStore(root, content, new EventJournal(root));
}

/** The local image a reference names, or undefined when the store has none (not-found). */
export async function localImage(images: RegistryImageStore, ref: string): Promise<LocalImage | undefined> {
  try {
    return (await images.resolve(ref)) ?? undefined;
  } catch (e) {
    if (e instanceof EngineError && e.code === 'not-found') return undefined;
    throw e;
  }
}
