// The Dockerfile language server: wiring only. Each LSP feature lives in its own module and reads the
// same analysed document (analysis.ts over the one parser). Transport is chosen by
// vscode-languageserver from argv: `--stdio` (editors, tests, benchmarks), `--node-ipc` (the VS Code
// extension), `--socket=N`.
import {
  CodeActionKind, createConnection, Diagnostic, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, analyzeText } from './analysis';
import { codeActions, CodeActionProvider } from './codeActions';
import { complete, resolveCompletion } from './completion';
import { ClientFacts, LayerMeasurementsParams } from './facts';
import { foldingRanges } from './folding';
import { formatDocument, formatOnType, formatRange } from './formatting';
import { hover } from './hover';
import { documentLinks } from './links';
import type { DockerIgnore } from '../../client/src/core/parser';
import { lint, LintSettings, lintSettingsFrom, RuleFamily } from './lint';
import { hygieneFamily } from './lint/hygiene';
import { hygieneFixes } from './lint/hygiene/fixes';
import { codeLenses, inlayHints } from './measurements';
import { definition, highlights, prepareRename, references, rename, RenameError } from './references';
import { LEGEND, semanticTokens } from './semanticTokens';
import { signatureHelp } from './signatureHelp';
import { documentSymbols } from './symbols';
import { stdioTransport } from './transport';
import { LARGE_DOCUMENT, releaseMemorySoon } from './memory';
import { contextDirOf, readDockerIgnore } from './workspace';

let shutDown = false;
const stdio = stdioTransport(() => shutDown);
const connection = stdio ? createConnection(ProposedFeatures.all, stdio[0], stdio[1]) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** Rule families and fixes beyond BuildKit's checks (the layer-hygiene family registers here). */
const families: RuleFamily[] = [hygieneFamily((a) => measurementsOf(a), (a) => contexts.get(a))];
const fixProviders: CodeActionProvider[] = [hygieneFixes];

let settings: LintSettings = { severities: {} };
let canAskConfiguration = false;
let canRefreshInlayHints = false;
let canRefreshCodeLens = false;

const facts = new ClientFacts((method, params) => connection.sendRequest(method, params), () => {
  for (const d of documents.all()) void publishDiagnostics(d);
});

/** The analysis of each open document, keyed by URI and version. */
const analyses = new Map<string, { version: number; a: Analysis }>();
function analysis(doc: TextDocument): Analysis {
  const hit = analyses.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.a;
  const a = analyzeText(doc.getText());
  analyses.set(doc.uri, { version: doc.version, a });
  uriOf.set(a, doc.uri);
  return a;
}

/** The document each analysis was made of. */
const uriOf = new WeakMap<Analysis, string>();

/** The build context (folder and .dockerignore) each analysis was linted with (layer-secret looks into it). */
const contexts = new WeakMap<Analysis, { dir: string; ignore?: DockerIgnore }>();

/** The client's measured layers for the document an analysis belongs to (layer-hygiene messages carry them). */
function measurementsOf(a: Analysis) {
  const uri = uriOf.get(a);
  return uri === undefined ? undefined : facts.measurements(uri);
}

function withDoc<T>(uri: string, empty: T, fn: (a: Analysis, doc: TextDocument) => T): T {
  const doc = documents.get(uri);
  if (!doc) return empty;
  try {
    return fn(analysis(doc), doc);
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    connection.console.error(`stevedore: ${(e as Error).stack ?? e}`);
    return empty;
  }
}

async function diagnosticsFor(doc: TextDocument): Promise<Diagnostic[]> {
  const a = analysis(doc);
  const dir = contextDirOf(doc.uri);
  const ignore = dir ? await readDockerIgnore(dir) : undefined;
  if (dir) contexts.set(a, { dir, ignore });
  return lint(a, { ignore, facts, settings, families });
}

async function publishDiagnostics(doc: TextDocument): Promise<void> {
  const version = doc.version;
  let diagnostics: Diagnostic[];
  try {
    const t0 = performance.now();
    diagnostics = await diagnosticsFor(doc);
    lintMs.set(doc.uri, performance.now() - t0);
  } catch (e) {
    connection.console.error(`stevedore: diagnostics failed: ${(e as Error).stack ?? e}`);
    diagnostics = [];
  }
  const now = documents.get(doc.uri);
  if (!now || now.version !== version) return; // a newer version publishes its own
  await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
}

async function loadSettings(): Promise<void> {
  if (!canAskConfiguration) return;
  try {
    const [section] = await connection.workspace.getConfiguration([{ section: 'stevedore' }]);
    settings = lintSettingsFrom(section);
  } catch {
    settings = { severities: {} };
  }
}

connection.onInitialize((params) => {
  const caps = params.capabilities;
  canAskConfiguration = Boolean(caps.workspace?.configuration);
  canRefreshInlayHints = Boolean(caps.workspace?.inlayHint?.refreshSupport);
  canRefreshCodeLens = Boolean(caps.workspace?.codeLens?.refreshSupport);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { resolveProvider: true, triggerCharacters: ['#', '-', '=', '$', '{', ' ', ',', ':', '/'] },
      hoverProvider: true,
      signatureHelpProvider: { triggerCharacters: [' ', '='], retriggerCharacters: [','] },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: LEGEND, full: true },
      documentLinkProvider: { resolveProvider: false },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentOnTypeFormattingProvider: { firstTriggerCharacter: '\n' },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'stevedore-dockerfile', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  // Documents opened meanwhile were published with the default settings: publish again only if the
  // client's differ (a second publish of the same version would race the client's next edit).
  const before = JSON.stringify(settings);
  await loadSettings();
  if (JSON.stringify(settings) !== before) for (const d of documents.all()) void publishDiagnostics(d);
});

connection.onDidChangeConfiguration(async () => {
  await loadSettings();
  for (const d of documents.all()) void publishDiagnostics(d);
});

/**
 * Diagnostics of an edit wait until the edits pause a little. An editor sends the completion (or
 * hover, signature help ...) request right behind the didChange of the keystroke that triggered it;
 * linting in the didChange handler made that request wait for the whole lint — measured on the
 * generated 2,000-line file, completion right after a one-character edit took 30 ms at the median
 * (up to 167 ms). The request now parses the new version itself (cached by version for the lint
 * that follows) and the lint runs once the edits pause for twice as long as the document's last
 * lint took, between 2 and 50 ms: a small file's diagnostics come as soon as before, a large one's
 * after the keystrokes of a burst. A document's first version (didOpen) is linted at once.
 */
const pendingLint = new Map<string, ReturnType<typeof setTimeout>>();
const lintMs = new Map<string, number>();
const lintDelay = (uri: string) => Math.min(50, Math.max(2, 2 * (lintMs.get(uri) ?? 0)));
const opening = new Set<string>();
documents.onDidOpen(({ document }) => {
  opening.add(document.uri);
  // Image names for FROM completion: asked when a document opens, so the first completion does not wait for the client.
  facts.prefetch();
});
documents.onDidChangeContent(({ document }) => {
  clearTimeout(pendingLint.get(document.uri));
  pendingLint.delete(document.uri);
  if (opening.delete(document.uri)) {
    void publishDiagnostics(document);
    return;
  }
  pendingLint.set(document.uri, setTimeout(() => {
    pendingLint.delete(document.uri);
    const now = documents.get(document.uri);
    if (now) void publishDiagnostics(now);
  }, lintDelay(document.uri)));
});
documents.onDidClose(({ document }) => {
  clearTimeout(pendingLint.get(document.uri));
  pendingLint.delete(document.uri);
  opening.delete(document.uri);
  lintMs.delete(document.uri);
  analyses.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  if (document.getText().length >= LARGE_DOCUMENT) releaseMemorySoon();
});

connection.onNotification('stevedore/layerMeasurements', (p: LayerMeasurementsParams) => {
  facts.setMeasurements(p);
  const doc = p && typeof p.uri === 'string' ? documents.get(p.uri) : undefined;
  if (doc) void publishDiagnostics(doc);
  if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  if (canRefreshCodeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
});

connection.onCompletion(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  try {
    return await complete(analysis(doc), position, { facts, contextDir: contextDirOf(doc.uri) });
  } catch (e) {
    connection.console.error(`stevedore: completion failed: ${(e as Error).stack ?? e}`);
    return [];
  }
});

connection.onCompletionResolve((item) => resolveCompletion(item));

connection.onHover(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return null;
  try {
    return await hover(analysis(doc), doc.uri, position, facts);
  } catch (e) {
    connection.console.error(`stevedore: hover failed: ${(e as Error).stack ?? e}`);
    return null;
  }
});

connection.onSignatureHelp(({ textDocument, position }) => withDoc(textDocument.uri, null, (a) => signatureHelp(a, position)));
connection.onDefinition(({ textDocument, position }) => withDoc(textDocument.uri, [], (a) => definition(a, textDocument.uri, position)));
connection.onReferences(({ textDocument, position, context }) => withDoc(textDocument.uri, [], (a) => references(a, textDocument.uri, position, context.includeDeclaration)));
connection.onDocumentHighlight(({ textDocument, position }) => withDoc(textDocument.uri, [], (a) => highlights(a, position)));
connection.onPrepareRename(({ textDocument, position }) => withDoc(textDocument.uri, null, (a) => prepareRename(a, position)));
connection.onRenameRequest(({ textDocument, position, newName }) => withDoc(textDocument.uri, null, (a) => {
  try {
    return rename(a, textDocument.uri, position, newName);
  } catch (e) {
    if (e instanceof RenameError) throw new ResponseError(-32602, e.message);
    throw e;
  }
}));
connection.onDocumentSymbol(({ textDocument }) => withDoc(textDocument.uri, [], (a) => documentSymbols(a)));
connection.onFoldingRanges(({ textDocument }) => withDoc(textDocument.uri, [], (a) => foldingRanges(a)));
connection.languages.semanticTokens.on(({ textDocument }) => withDoc(textDocument.uri, { data: [] }, (a) => semanticTokens(a)));
connection.onDocumentLinks(({ textDocument }) => withDoc(textDocument.uri, [], (a) => documentLinks(a)));
connection.onDocumentFormatting(({ textDocument, options }) => withDoc(textDocument.uri, [], (a) => formatDocument(a, options)));
connection.onDocumentRangeFormatting(({ textDocument, range, options }) => withDoc(textDocument.uri, [], (a) => formatRange(a, range, options)));
connection.onDocumentOnTypeFormatting(({ textDocument, position, ch, options }) => withDoc(textDocument.uri, [], (a) => formatOnType(a, position, ch, options)));
connection.onCodeAction(({ textDocument, context }) => withDoc(textDocument.uri, [], (a) => codeActions(a, textDocument.uri, context.diagnostics, fixProviders)));
connection.languages.inlayHint.on(({ textDocument, range }) => withDoc(textDocument.uri, [], (a) => inlayHints(a, facts.measurements(textDocument.uri), range)));
connection.onCodeLens(({ textDocument }) => withDoc(textDocument.uri, [], (a) => codeLenses(a, facts.measurements(textDocument.uri))));

connection.onShutdown(() => { shutDown = true; });

documents.listen(connection);
connection.listen();
