// textDocument/documentLink: a FROM (or COPY --from) image links to its page on its registry.
import { DocumentLink } from 'vscode-languageserver/node';
import { parseNormalizedNamed } from '../../client/src/core/reference';
import type { Analysis } from './analysis';
import { Instruction, Lex, Range } from '../../client/src/core/parser';

/** The web page of a repository on the common registries (Docker Hub, GHCR, Quay, MCR, GCR/Artifact Registry). */
export function registryPage(image: string): string | undefined {
  let ref;
  try {
    ref = parseNormalizedNamed(image);
  } catch {
    return undefined;
  }
  const { domain, path } = ref;
  if (!domain || !path) return undefined;
  if (domain === 'docker.io') return path.startsWith('library/') ? `https://hub.docker.com/_/${path.slice(8)}` : `https://hub.docker.com/r/${path}`;
  if (domain === 'ghcr.io') {
    const [owner, ...rest] = path.split('/');
    return rest.length ? `https://github.com/${owner}/${rest[0]}/pkgs/container/${rest.join('%2F')}` : undefined;
  }
  if (domain === 'quay.io') return `https://quay.io/repository/${path}`;
  if (domain === 'mcr.microsoft.com') return `https://mcr.microsoft.com/artifact/mar/${path}`;
  if (domain === 'gcr.io' || domain.endsWith('.gcr.io') || domain.endsWith('-docker.pkg.dev')) return `https://${domain}/${path}`;
  if (domain === 'public.ecr.aws') return `https://gallery.ecr.aws/${path}`;
  return undefined;
}

/** A FROM image with its global ARGs' defaults substituted; undefined when one has no default. */
function resolvedFromImage(a: Analysis, from: Instruction, image: string): string | undefined {
  if (!image.includes('$')) return image;
  const env = new Map<string, string>();
  for (const [k, d] of a.scopes.get(from) ?? []) if (d.value !== undefined) env.set(k, d.value);
  try {
    const r = new Lex(a.df.escape).processWordWithMatches(image, env);
    return r.unmatched.size ? undefined : r.result;
  } catch {
    return undefined;
  }
}

export function documentLinks(a: Analysis): DocumentLink[] {
  const out: DocumentLink[] = [];
  const add = (image: string | undefined, range: Range | undefined) => {
    if (!image || !range || image.includes('$') || image.toLowerCase() === 'scratch') return;
    const target = registryPage(image);
    if (target) out.push({ range, target, tooltip: `Open ${image} on its registry` });
  };
  for (const st of a.df.stages) if (!a.parentStage.has(st)) add(resolvedFromImage(a, st.from, st.baseImage), st.baseImageRange);
  const stageNames = new Set(a.df.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  for (const inst of a.df.instructions) {
    if (inst.keyword !== 'COPY' && inst.keyword !== 'ADD') continue;
    const from = inst.flags.find((f) => f.name === 'from');
    if (from?.value && !stageNames.has(from.value.toLowerCase()) && !/^\d+$/.test(from.value)) add(from.value, from.valueRange);
  }
  return out;
}
