import { CompletionItem, CompletionItemKind, InsertTextFormat, Position } from 'vscode-languageserver/node';
import type { Dockerfile } from './parser';

/** Each instruction with a snippet of its usual shape and a one-line description. */
export const INSTRUCTION_DOCS: Record<string, { snippet: string; doc: string }> = {
  FROM: { snippet: 'FROM ${1:image}:${2:tag}', doc: 'Starts a build stage from a base image (or `scratch`).' },
  ARG: { snippet: 'ARG ${1:name}=${2:value}', doc: 'Declares a build argument, set with `--build-arg`.' },
  RUN: { snippet: 'RUN ${1:command}', doc: 'Runs a command in a new layer.' },
  CMD: { snippet: 'CMD ["${1:executable}"]', doc: 'The default command of a container.' },
  ENTRYPOINT: { snippet: 'ENTRYPOINT ["${1:executable}"]', doc: 'The executable a container runs; CMD becomes its arguments.' },
  COPY: { snippet: 'COPY ${1:src} ${2:dest}', doc: 'Copies files from the build context (or another stage) into a layer.' },
  ADD: { snippet: 'ADD ${1:src} ${2:dest}', doc: 'Like COPY, and also extracts local tar archives and fetches URLs.' },
  ENV: { snippet: 'ENV ${1:key}=${2:value}', doc: 'Sets an environment variable for later instructions and the container.' },
  LABEL: { snippet: 'LABEL ${1:key}="${2:value}"', doc: 'Adds metadata to the image.' },
  EXPOSE: { snippet: 'EXPOSE ${1:port}', doc: 'Documents a port the container listens on.' },
  VOLUME: { snippet: 'VOLUME ["${1:/data}"]', doc: 'Declares a mount point for an anonymous volume.' },
  USER: { snippet: 'USER ${1:user}', doc: 'Sets the user (and group) for later instructions and the container.' },
  WORKDIR: { snippet: 'WORKDIR ${1:/app}', doc: 'Sets the working directory for later instructions and the container.' },
  HEALTHCHECK: { snippet: 'HEALTHCHECK --interval=${1:30s} CMD ${2:command}', doc: 'Tells how to check that the container still works.' },
  SHELL: { snippet: 'SHELL ["${1:/bin/sh}", "-c"]', doc: 'Sets the shell that shell-form instructions use.' },
  STOPSIGNAL: { snippet: 'STOPSIGNAL ${1:SIGTERM}', doc: 'The signal that stops the container.' },
  ONBUILD: { snippet: 'ONBUILD ${1:INSTRUCTION}', doc: 'An instruction to run when this image is used as a base.' },
  MAINTAINER: { snippet: 'MAINTAINER ${1:name}', doc: 'Deprecated: use `LABEL org.opencontainers.image.authors=...`.' },
};

const DIRECTIVES: Record<string, string> = {
  syntax: 'The frontend image that builds this Dockerfile, e.g. `docker/dockerfile:1`.',
  escape: 'The escape character: `\\` (default) or `` ` ``.',
  check: 'Build checks: `skip=Rule1,Rule2` and `error=true`.',
};

/**
 * Completion at a position. Instructions by context: before the first FROM only FROM and ARG
 * (and parser directives while still at the top of the file); elsewhere every instruction.
 */
export function complete(df: Dockerfile, pos: Position): CompletionItem[] {
  const line = df.text.split(/\r?\n/)[pos.line] ?? '';
  const before = line.slice(0, pos.character);
  if (/^\s*#\s*\w*$/.test(before)) return directivesAt(df, pos);
  if (!/^\s*[A-Za-z]*$/.test(before)) return [];
  const firstFrom = df.instructions.find((i) => i.keyword === 'FROM');
  const beforeFrom = !firstFrom || pos.line <= firstFrom.startLine;
  const keywords = beforeFrom ? ['FROM', 'ARG'] : Object.keys(INSTRUCTION_DOCS).filter((k) => k !== 'MAINTAINER');
  return keywords.map((k, i) => ({
    label: k,
    kind: CompletionItemKind.Keyword,
    detail: INSTRUCTION_DOCS[k].doc,
    insertText: INSTRUCTION_DOCS[k].snippet,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: String(i).padStart(2, '0'),
  }));
}

/** Parser directives are only valid above every instruction and comment that is not one. */
function directivesAt(df: Dockerfile, pos: Position): CompletionItem[] {
  const firstInstruction = df.instructions[0];
  if (firstInstruction && pos.line > firstInstruction.startLine) return [];
  return Object.entries(DIRECTIVES).map(([name, doc]) => ({
    label: name,
    kind: CompletionItemKind.Property,
    detail: doc,
    insertText: `${name}=`,
  }));
}
