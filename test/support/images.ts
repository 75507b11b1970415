import * as crypto from 'crypto';
import * as fs from 'fs';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';
import { ContentStore, Descriptor, sha256 } from '../../client/src/engine/content/store';
import { EventJournal } from '../../client/src/engine/events';
import { ImageStore } from '../../client/src/engine/image/store';
import { ImageConfig, ImageRecord, MediaTypes } from '../../client/src/engine/image/types';
import { hostPlatform } from '../../client/src/core/platform';

/** Debian's busybox-static: a real, runnable, statically linked binary for test images. */
export const BUSYBOX = '/bin/busybox';
export const BUSYBOX_APPLETS = ['sh', 'ls', 'cat', 'echo', 'sleep', 'httpd', 'wget', 'env', 'id', 'mkdir', 'rm', 'touch', 'true', 'false', 'printf', 'test', 'hostname', 'ps', 'nc', 'grep', 'head', 'tail', 'wc', 'sed', 'ip', 'ping', 'kill', 'date', 'pwd', 'uname', 'whoami', 'mount', 'df', 'du', 'vi', 'tar', 'find', 'chmod', 'chown', 'cp', 'mv', 'ln', 'stat', 'nslookup', 'sort', 'tee', 'xargs', 'yes', 'timeout', 'seq', 'dd', 'md5sum', 'sha256sum'];

export const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
export const GROUP = 'root:x:0:\nnogroup:x:65534:\n';

/** What dockerd reports as the SIZE of a busybox image with these extra files: file bytes plus symlink target lengths. */
export function busyboxImageSize(files: Record<string, string | Buffer> = {}): number {
  const extra = Object.values(files).reduce((n, b) => n + Buffer.byteLength(b), 0);
  return fs.statSync(BUSYBOX).size + PASSWD.length + GROUP.length + BUSYBOX_APPLETS.length * 'busybox'.length + extra;
}

export interface BusyboxImageOptions {
  /** Extra files in the layer: path (no leading slash) -> content. They change the image ID. */
  files?: Record<string, string | Buffer>;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  labels?: Record<string, string>;
  workdir?: string;
  user?: string;
  exposedPorts?: string[];
  /** gzip the layer (as registries hold them); default true. */
  gzip?: boolean;
  /** Use OCI media types instead of Docker v2 schema 2; default false. */
  oci?: boolean;
  /** ISO time for config/history `created`; fixed by default so IDs are reproducible. */
  created?: string;
  /** An extra empty-layer history entry (e.g. ENV) to exercise history views. */
  emptyLayerHistory?: string;
}

export interface BuiltImage {
  manifest: Descriptor;
  config: ImageConfig;
  configDigest: string;
  layer: Descriptor;
  diffId: string;
  /** The uncompressed layer tar. */
  layerTar: Buffer;
}

const FIXED_TIME = '2024-01-01T00:00:00Z';

/** The busybox root filesystem as an (uncompressed) tar, deterministic for the same options. */
export async function busyboxRootfsTar(files: Record<string, string | Buffer> = {}): Promise<Buffer> {
  const pack = tar.pack();
  const mtime = new Date(FIXED_TIME);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  const dir = (name: string, mode = 0o755) => pack.entry({ name, type: 'directory', mode, mtime, uid: 0, gid: 0 });
  dir('bin/');
  pack.entry({ name: 'bin/busybox', mode: 0o755, mtime, uid: 0, gid: 0 }, fs.readFileSync(BUSYBOX));
  for (const a of BUSYBOX_APPLETS) pack.entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox', mode: 0o777, mtime, uid: 0, gid: 0 });
  dir('etc/');
  pack.entry({ name: 'etc/passwd', mode: 0o644, mtime }, PASSWD);
  pack.entry({ name: 'etc/group', mode: 0o644, mtime }, GROUP);
  dir('root/', 0o700);
  dir('tmp/', 0o1777);
  dir('var/');
  dir('var/www/');
  const dirs = new Set<string>(['bin', 'etc', 'root', 'tmp', 'var', 'var/www']);
  for (const [name, body] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) {
        dirs.add(d);
        dir(d + '/');
      }
    }
    pack.entry({ name, mode: 0o644, mtime, uid: 0, gid: 0 }, body);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Builds the blobs of a one-layer busybox image into `content` (no tag). */
export async function buildBusyboxImage(content: ContentStore, opts: BusyboxImageOptions = {}): Promise<BuiltImage> {
  const layerTar = await busyboxRootfsTar(opts.files);
  const diffId = sha256(layerTar);
  const gz = opts.gzip ?? true;
  const layerBytes = gz ? zlib.gzipSync(layerTar, { level: 6 }) : layerTar;
  const oci = opts.oci ?? false;
  const layerType = oci ? (gz ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer) : gz ? MediaTypes.dockerLayerGzip : MediaTypes.dockerLayer;
  const layerDesc = { mediaType: layerType, ...(await content.put(layerBytes)) };
  const created = opts.created ?? FIXED_TIME;
  const host = hostPlatform();
  const history: ImageConfig['history'] = [{ created, created_by: '/bin/sh -c #(nop) ADD file:busybox-static in / ' }];
  if (opts.emptyLayerHistory) history.push({ created, created_by: opts.emptyLayerHistory, empty_layer: true });
  history.push({ created, created_by: `/bin/sh -c #(nop)  CMD ${JSON.stringify(opts.cmd ?? ['sh'])}`, empty_layer: true });
  const config: ImageConfig = {
    architecture: host.architecture,
    os: 'linux',
    created,
    config: {
      Env: opts.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: opts.cmd ?? ['sh'],
      ...(opts.entrypoint ? { Entrypoint: opts.entrypoint } : {}),
      ...(opts.labels ? { Labels: opts.labels } : {}),
      ...(opts.workdir ? { WorkingDir: opts.workdir } : {}),
      ...(opts.user ? { User: opts.user } : {}),
      ...(opts.exposedPorts ? { ExposedPorts: Object.fromEntries(opts.exposedPorts.map((p) => [p, {}])) } : {}),
    },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history,
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDesc = { mediaType: oci ? MediaTypes.ociConfig : MediaTypes.dockerConfig, ...(await content.put(configBytes)) };
  const manifest = {
    schemaVersion: 2,
    mediaType: oci ? MediaTypes.ociManifest : MediaTypes.dockerManifest,
    config: configDesc,
    layers: [layerDesc],
  };
  const mBytes = Buffer.from(JSON.stringify(manifest));
  const mDesc: Descriptor = { mediaType: manifest.mediaType, ...(await content.put(mBytes)) };
  return { manifest: mDesc, config, configDigest: configDesc.digest, layer: layerDesc, diffId, layerTar };
}

/**
 * A real busybox image (Debian's /bin/busybox plus applet symlinks, /etc/passwd, /tmp;
 * Cmd ["sh"]) stored in `dataRoot` and tagged `ref` (or left dangling when ref is
 * undefined). Returns the store's record of it.
 */
export async function makeBusyboxImage(dataRoot: string, ref: string | undefined, opts: BusyboxImageOptions = {}): Promise<ImageRecord> {
  const content = new ContentStore(dataRoot);
  const store = new ImageStore(dataRoot, content, new EventJournal(dataRoot));
  const built = await buildBusyboxImage(content, opts);
  return ref ? store.tag(ref, built.manifest) : store.register(built.manifest);
}

/** A random-but-reproducible file body for making distinct images. */
export function noise(seed: string, size = 64): Buffer {
  const out = Buffer.alloc(size);
  let h = crypto.createHash('sha256').update(seed).digest();
  for (let i = 0; i < size; i += 32) {
    h.copy(out, i, 0, Math.min(32, size - i));
    h = crypto.createHash('sha256').update(h).digest();
  }
  return out;
}
