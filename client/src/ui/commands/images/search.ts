import * as vscode from 'vscode';
import type { PullResult, SearchResult } from '../../../engine/registry/api';
import type { EngineHost } from '../../engineHost';
import { engineLog } from '../../log';
import type { RegistryNode } from '../../tree/registries';

/** A row of the search quick pick: a hit, or a line saying why there is none. */
export interface SearchItem extends vscode.QuickPickItem {
  result?: SearchResult;
  /** For the tag picker: the tag this row pulls. */
  tag?: string;
}

const DEBOUNCE_MS = 300;
const TIMEOUT_MS = 10_000;

/** Where a hit is pulled from: Hub names as they are, a registry's names under the registry. */
export function referenceOf(r: SearchResult): string {
  const reg = r.registry ?? 'docker.io';
  if (reg === 'docker.io' || r.name.startsWith(`${reg}/`)) return r.name;
  return `${reg}/${r.name}`;
}

function itemOf(r: SearchResult): SearchItem {
  return {
    label: `${r.official ? '$(verified-filled) ' : ''}${referenceOf(r)}`,
    description: [`$(star-full) ${r.stars}`, r.official ? 'Official' : '', r.automated ? 'Automated' : ''].filter(Boolean).join(' · '),
    detail: r.description || undefined,
    // The engine already matched the term (also in descriptions): the quick pick must not filter again.
    alwaysShow: true,
    result: r,
  };
}

/**
 * "Search Images..." and a registry's "Search...": a quick pick that asks the engine as the user
 * types (debounced; each keystroke cancels the search before it; a dead index ends in a timeout
 * row, never a hanging pick), then a tag picker fed by the registry, then a pull.
 */
export class SearchUi {
  /** The quick pick on screen, if any (tests drive it like a user would). */
  current?: vscode.QuickPick<SearchItem>;
  stage?: 'search' | 'tag';

  constructor(private readonly host: EngineHost) {}

  async run(registry?: string, initial?: string): Promise<PullResult[] | undefined> {
    const chosen = await this.pickImage(registry, initial);
    if (!chosen) return undefined;
    const ref = referenceOf(chosen);
    const tag = await this.pickTag(ref);
    if (!tag) return undefined;
    return vscode.commands.executeCommand<PullResult[] | undefined>('stevedore.images.pull', `${ref}:${tag}`);
  }

  private pickImage(registry: string | undefined, initial: string | undefined): Promise<SearchResult | undefined> {
    const qp = vscode.window.createQuickPick<SearchItem>();
    qp.title = registry && registry !== 'docker.io' ? `Search ${registry}` : 'Search Images (Docker Hub)';
    qp.placeholder = registry ? 'Part of a repository name' : 'Image name or keyword (REGISTRY/TERM searches that registry)';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    this.current = qp;
    this.stage = 'search';
    let timer: NodeJS.Timeout | undefined;
    let inflight: AbortController | undefined;
    let generation = 0;
    const query = async (value: string) => {
      inflight?.abort();
      const term = value.trim();
      if (!term) {
        qp.items = [];
        qp.busy = false;
        return;
      }
      const mine = ++generation;
      const ac = new AbortController();
      inflight = ac;
      qp.busy = true;
      try {
        const engine = await this.host.get();
        const rows = await engine.search(term, { registry, limit: 25, signal: ac.signal, timeoutMs: TIMEOUT_MS });
        if (mine !== generation) return;
        qp.items = rows.length ? rows.map(itemOf) : [{ label: `No images match "${term}"`, alwaysShow: true }];
      } catch (e) {
        if (mine !== generation || ac.signal.aborted) return;
        const message = (e as Error).message;
        engineLog.error(`search for "${term}" failed: ${message}`);
        qp.items = [{ label: `$(error) ${message}`, alwaysShow: true }];
      } finally {
        if (mine === generation) qp.busy = false;
      }
    };
    return new Promise<SearchResult | undefined>((resolve) => {
      let result: SearchResult | undefined;
      let scheduled: string | undefined;
      const schedule = (v: string) => {
        if (v === scheduled) return;
        scheduled = v;
        if (timer) clearTimeout(timer);
        inflight?.abort();
        timer = setTimeout(() => void query(v), DEBOUNCE_MS);
      };
      qp.onDidChangeValue(schedule);
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (!item?.result) return;
        result = item.result;
        qp.hide();
      });
      qp.onDidHide(() => {
        if (timer) clearTimeout(timer);
        inflight?.abort();
        generation++;
        qp.dispose();
        if (this.current === qp) {
          this.current = undefined;
          this.stage = undefined;
        }
        resolve(result);
      });
      qp.show();
      if (initial) {
        qp.value = initial;
        schedule(initial);
      }
    });
  }

  private pickTag(ref: string): Promise<string | undefined> {
    const qp = vscode.window.createQuickPick<SearchItem>();
    qp.title = `Pull ${ref}: choose a tag`;
    qp.placeholder = 'Tag (type one that is not listed to pull it)';
    qp.busy = true;
    this.current = qp;
    this.stage = 'tag';
    const ac = new AbortController();
    let listed: SearchItem[] = [];
    const timer = setTimeout(() => ac.abort(), TIMEOUT_MS);
    void (async () => {
      try {
        const tags = await (await this.host.get()).tags(ref, { signal: ac.signal });
        const sorted = [...tags].sort((a, b) => (a === 'latest' ? -1 : b === 'latest' ? 1 : b.localeCompare(a, undefined, { numeric: true })));
        listed = sorted.map((t) => ({ label: t, tag: t }));
        if (!listed.length) listed = [{ label: 'latest', tag: 'latest', description: 'the registry lists no tags' }];
      } catch (e) {
        const why = ac.signal.aborted ? `the registry did not list tags within ${TIMEOUT_MS / 1000} s` : (e as Error).message;
        listed = [{ label: 'latest', tag: 'latest', description: `tags could not be listed: ${why}` }];
      } finally {
        clearTimeout(timer);
        qp.items = listed;
        qp.busy = false;
      }
    })();
    return new Promise<string | undefined>((resolve) => {
      let tag: string | undefined;
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        qp.items = typed && !listed.some((i) => i.tag === typed) && /^[\w][\w.-]{0,127}$/.test(typed) ? [...listed, { label: typed, tag: typed, description: 'not listed: pull this tag', alwaysShow: true }] : listed;
      });
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (!item?.tag) return;
        tag = item.tag;
        qp.hide();
      });
      qp.onDidHide(() => {
        ac.abort();
        qp.dispose();
        if (this.current === qp) {
          this.current = undefined;
          this.stage = undefined;
        }
        resolve(tag);
      });
      qp.show();
    });
  }
}

export function registerSearchCommands(context: vscode.ExtensionContext, host: EngineHost): SearchUi {
  const ui = new SearchUi(host);
  context.subscriptions.push(
    vscode.commands.registerCommand('stevedore.images.search', (term?: string) => ui.run(undefined, typeof term === 'string' ? term : undefined)),
    vscode.commands.registerCommand('stevedore.registries.search', (node?: RegistryNode | string, term?: string) => {
      const registry = typeof node === 'string' ? node : node?.host;
      return ui.run(registry, term);
    }),
  );
  return ui;
}
