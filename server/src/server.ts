import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from './completion';
import { parseDiagnostics } from './diagnostics';
import { Dockerfile, parse } from './parser';

// The Dockerfile language server. Transport is chosen by vscode-languageserver from argv:
// `--stdio` (editors, tests), `--node-ipc` (the VS Code extension), `--socket=N`.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** The last parse of each open document, keyed by URI and version. */
const parsed = new Map<string, { version: number; df: Dockerfile }>();
function model(doc: TextDocument): Dockerfile {
  const hit = parsed.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.df;
  const df = parse(doc.getText());
  parsed.set(doc.uri, { version: doc.version, df });
  return df;
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: { triggerCharacters: ['#', '-', '=', '$', '{', ' '] },
  },
  serverInfo: { name: 'stevedore-dockerfile', version: '0.1.0' },
}));

documents.onDidChangeContent(({ document }) => {
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: parseDiagnostics(model(document)) });
});
documents.onDidClose(({ document }) => {
  parsed.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onCompletion(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  return doc ? complete(model(doc), position) : [];
});

documents.listen(connection);
connection.listen();
