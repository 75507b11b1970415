import { createConnection, Diagnostic, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

// Placeholder until the shared parser lands: flags unknown instructions so the pipe is provable end to end.
const INSTRUCTIONS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const diagnostics: Diagnostic[] = [];
  const lines = document.getText().split(/\r?\n/);
  let continued = false;
  lines.forEach((line, i) => {
    const m = /^\s*([A-Za-z]+)/.exec(line);
    if (!continued && m && !line.trimStart().startsWith('#') && !INSTRUCTIONS.has(m[1].toUpperCase())) {
      const start = line.indexOf(m[1]);
      diagnostics.push({ range: { start: { line: i, character: start }, end: { line: i, character: start + m[1].length } }, severity: DiagnosticSeverity.Error, source: 'stevedore', code: 'unknown-instruction', message: `Unknown instruction: ${m[1].toUpperCase()}` });
    }
    continued = /\\\s*$/.test(line);
  });
  void connection.sendDiagnostics({ uri: document.uri, diagnostics });
});

documents.listen(connection);
connection.listen();
