import * as vscode from 'vscode';

/** A view with a text filter (its Filter / Clear Filter commands set it). */
export interface FilterableTree {
  filter: string;
}

/**
 * The text filter of a view (Images, Containers): '' = none, else rows whose fields contain it
 * (case-insensitive). Setting it sets the view's context key (`stevedore.<view>.filtered`, which
 * shows Clear Filter in the title bar) and calls `changed` (the view's description and refresh).
 */
export class ViewFilter {
  private text = '';
  private lower = '';

  constructor(private readonly contextKey: string, private readonly changed: () => void) {}

  get value(): string {
    return this.text;
  }

  set value(value: string) {
    this.text = value.trim();
    this.lower = this.text.toLowerCase();
    void vscode.commands.executeCommand('setContext', this.contextKey, !!this.text);
    this.changed();
  }

  /** Whether one of the fields contains the filter; always true without one. */
  matches(...fields: string[]): boolean {
    return !this.lower || fields.some((s) => s.toLowerCase().includes(this.lower));
  }

  /** The view's message when the filter hides every one of `total` rows (`what`: `images`, `containers`). */
  message(shown: number, total: number, what: string): string | undefined {
    return this.text && shown === 0 ? `No ${what} match "${this.text}". Clear the filter to see all ${total} ${what.replace(/s$/, '')}(s).` : undefined;
  }
}

/** A view's data provider with a text filter: its change event, refresh, and the filter the commands set. */
export abstract class FilteredTreeProvider<T> implements FilterableTree, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<T | T[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected abstract readonly filterState: ViewFilter;

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The active filter ('' = none). */
  get filter(): string {
    return this.filterState.value;
  }

  set filter(value: string) {
    this.filterState.value = value;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `stevedore.<view>.filter(text?)` (asks when no text is given; '' clears) and `.clearFilter`; both return the active filter. */
export function registerFilterCommands(context: vscode.ExtensionContext, view: 'images' | 'containers', tree: FilterableTree, title: string, prompt: string): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(`stevedore.${view}.filter`, async (text?: string) => {
      const value = typeof text === 'string' ? text : await vscode.window.showInputBox({ title, prompt, value: tree.filter, placeHolder: 'text to match (case-insensitive)' });
      if (value !== undefined) tree.filter = value;
      return tree.filter;
    }),
    vscode.commands.registerCommand(`stevedore.${view}.clearFilter`, () => {
      tree.filter = '';
      return tree.filter;
    }),
  );
}
