import type { Descriptor } from '../content/store';
import { EngineError } from '../errors';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** This host as an OCI platform (Node's arch names mapped to GOARCH, as Docker reports them). */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  const p: Platform = { os: process.platform === 'win32' ? 'windows' : 'linux', architecture: arch[process.arch] ?? process.arch };
  if (p.architecture === 'arm') p.variant = 'v7';
  return p;
}

/** `os/arch[/variant]`, with containerd's normalisations (x86_64 -> amd64, aarch64 -> arm64). */
export function parsePlatform(text: string): Platform {
  const parts = text.toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) {
    throw new EngineError('invalid-argument', `invalid platform "${text}": expected os/arch[/variant], e.g. linux/amd64 or linux/arm/v7`);
  }
  const aliases: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', i686: '386' };
  const p: Platform = { os: parts[0], architecture: aliases[parts[1]] ?? parts[1] };
  if (parts[2]) p.variant = parts[2];
  if (parts[1] === 'armhf') p.variant = p.variant ?? 'v7';
  if (parts[1] === 'armel') p.variant = p.variant ?? 'v6';
  if (p.architecture === 'arm64' && p.variant === 'v8') delete p.variant;
  return p;
}

export function formatPlatform(p: { os: string; architecture: string; variant?: string }): string {
  return `${p.os}/${p.architecture}${p.variant ? '/' + p.variant : ''}`;
}

/**
 * Picks the manifest for `want` from an index: exact os/arch, then the variant (arm64's
 * default variant is v8; a request without a variant takes the first entry of its arch).
 */
export function chooseManifest(manifests: Descriptor[], want: Platform): Descriptor | undefined {
  const norm = (v: string | undefined, arch: string) => (arch === 'arm64' && (v === 'v8' || v === undefined) ? '' : (v ?? ''));
  const candidates = manifests.filter((m) => m.platform && m.platform.os === want.os && m.platform.architecture === want.architecture);
  if (want.variant !== undefined) {
    const exact = candidates.find((m) => norm(m.platform!.variant, want.architecture) === norm(want.variant, want.architecture));
    if (exact) return exact;
    // An arm/v7 host can run arm/v6 and arm/v5 images: take the highest lower variant.
    if (want.architecture === 'arm') {
      const n = Number(want.variant.slice(1));
      const lower = candidates
        .filter((m) => /^v\d+$/.test(m.platform!.variant ?? '') && Number(m.platform!.variant!.slice(1)) <= n)
        .sort((a, b) => Number(b.platform!.variant!.slice(1)) - Number(a.platform!.variant!.slice(1)));
      if (lower[0]) return lower[0];
    }
    return want.architecture === 'arm64' ? candidates.find((m) => !m.platform!.variant) : undefined;
  }
  return candidates[0];
}
