// Facts only the client (the engine in the extension host) knows: local images and tags, facts about
// one image, measured layer sizes and waste. The server asks or is told through custom LSP messages and
// never blocks on the answer: a request that has not come back within a short timeout leaves the
// feature with the last cached answer (or nothing), and the answer fills the cache for next time.

/** `stevedore/localImages` (server → client request, no params) answers LocalImage[]. */
export interface LocalImage {
  /** Repository as users write it in FROM (`busybox`, `ghcr.io/o/app`). */
  repository: string;
  tags: string[];
}

/** `stevedore/imageFacts` (server → client request, params `{ image: string }`) answers ImageFacts or null. */
export interface ImageFacts {
  id: string;
  /** Bytes. */
  size: number;
  /** RFC 3339. */
  created?: string;
  layers: number;
  os?: string;
  architecture?: string;
  variant?: string;
  /** The image config's Env (`KEY=value`), so variables the base image defines are known. */
  env?: string[];
}

export type { LayerMeasurement, LayerMeasurementsParams } from '../../client/src/core/measurements';
import type { LayerMeasurement, LayerMeasurementsParams } from '../../client/src/core/measurements';

/** What the features may ask for. Every method is cheap or bounded by a short timeout. */
export interface Facts {
  localImages(): Promise<LocalImage[]>;
  /** Cached facts only (synchronous: for diagnostics); starts a fetch when missing. */
  cachedImageFacts(image: string): ImageFacts | undefined;
  imageFacts(image: string): Promise<ImageFacts | undefined>;
  measurements(uri: string): LayerMeasurement[];
}

/** Facts for tests, the fuzzer and a client that answers nothing. */
export const NO_FACTS: Facts = {
  localImages: async () => [],
  cachedImageFacts: () => undefined,
  imageFacts: async () => undefined,
  measurements: () => [],
};

type Request = (method: string, params?: unknown) => Promise<unknown>;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  return Promise.race([p, new Promise<typeof TIMEOUT>((r) => setTimeout(() => r(TIMEOUT), ms).unref?.())]);
}
const TIMEOUT = Symbol('timeout');

/**
 * Facts from the client over custom requests, cached. `onImageFacts` fires when a fact arrives that
 * diagnostics may want (InvalidBaseImagePlatform, UndefinedVar with the base image's env).
 */
export class ClientFacts implements Facts {
  private images: { at: number; value: LocalImage[] } | undefined;
  private imagesInFlight: Promise<LocalImage[]> | undefined;
  private readonly facts = new Map<string, { at: number; value: ImageFacts | undefined }>();
  private readonly factsInFlight = new Map<string, Promise<ImageFacts | undefined>>();
  private readonly layer = new Map<string, LayerMeasurement[]>();
  /** The client does not implement a method: stop asking. */
  private readonly unsupported = new Set<string>();

  constructor(private readonly request: Request, private readonly onImageFacts: () => void = () => {}, private readonly ttlMs = 10_000, private readonly waitMs = 150) {}

  /**
   * The client's local images. Once there is an answer, a completion never waits for the client
   * again: an answer older than the TTL is returned as it is while a fresh one is asked for (the next
   * completion sees it). Only the very first ask waits, at most waitMs; prefetch() (on didOpen) makes
   * that one happen before the user types.
   */
  async localImages(): Promise<LocalImage[]> {
    const now = Date.now();
    if (this.images && now - this.images.at < this.ttlMs) return this.images.value;
    if (this.unsupported.has('stevedore/localImages')) return this.images?.value ?? [];
    const inFlight = this.askImages();
    if (this.images) return this.images.value;
    const r = await withTimeout(inFlight, this.waitMs);
    return r === TIMEOUT ? [] : r;
  }

  /** Starts asking for the local images when there is no fresh answer (without waiting for it). */
  prefetch(): void {
    if (this.unsupported.has('stevedore/localImages') || (this.images && Date.now() - this.images.at < this.ttlMs)) return;
    void this.askImages();
  }

  private askImages(): Promise<LocalImage[]> {
    return this.imagesInFlight ??= this.request('stevedore/localImages')
      .then((r) => {
        const value = Array.isArray(r) ? (r as LocalImage[]).filter((i) => i && typeof i.repository === 'string' && Array.isArray(i.tags)) : [];
        this.images = { at: Date.now(), value };
        return value;
      }, () => {
        this.unsupported.add('stevedore/localImages');
        return this.images?.value ?? [];
      })
      .finally(() => { this.imagesInFlight = undefined; });
  }

  cachedImageFacts(image: string): ImageFacts | undefined {
    const hit = this.facts.get(image);
    if (!hit || Date.now() - hit.at > this.ttlMs) void this.fetchFacts(image, true);
    return hit?.value;
  }

  async imageFacts(image: string): Promise<ImageFacts | undefined> {
    const hit = this.facts.get(image);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const r = await withTimeout(this.fetchFacts(image, false), this.waitMs * 2);
    return r === TIMEOUT ? hit?.value : r;
  }

  private fetchFacts(image: string, notify: boolean): Promise<ImageFacts | undefined> {
    if (this.unsupported.has('stevedore/imageFacts')) return Promise.resolve(undefined);
    let p = this.factsInFlight.get(image);
    if (!p) {
      const before = JSON.stringify(this.facts.get(image)?.value ?? null);
      p = this.request('stevedore/imageFacts', { image })
        .then((r) => {
          const value = r && typeof r === 'object' && typeof (r as ImageFacts).id === 'string' ? (r as ImageFacts) : undefined;
          this.facts.set(image, { at: Date.now(), value });
          if (notify && JSON.stringify(value ?? null) !== before) this.onImageFacts();
          return value;
        }, () => {
          this.unsupported.add('stevedore/imageFacts');
          return undefined;
        })
        .finally(() => this.factsInFlight.delete(image));
      this.factsInFlight.set(image, p);
    }
    return p;
  }

  setMeasurements(p: LayerMeasurementsParams): void {
    if (!p || typeof p.uri !== 'string' || !Array.isArray(p.instructions)) return;
    const ok = (f: unknown): f is { path: string; size: number } => !!f && typeof (f as { path: unknown }).path === 'string' && typeof (f as { size: unknown }).size === 'number';
    this.layer.set(p.uri, p.instructions
      .filter((m) => m && Number.isInteger(m.startLine) && typeof m.size === 'number')
      .map((m) => (m.files === undefined ? m : { ...m, files: Array.isArray(m.files) ? m.files.filter(ok) : undefined })));
  }

  measurements(uri: string): LayerMeasurement[] {
    return this.layer.get(uri) ?? [];
  }
}
