// What a layer-hygiene rule unit is (rules/<code>.ts), what it reports, and the helpers every unit
// words its messages with. The walker (./index.ts) calls each unit's hooks in instruction order over
// one LayerTimeline (./timeline.ts).
import type { Instruction, Position, Range, Stage } from '../../../../client/src/core/parser';
import type { Finding } from '../buildChecks';
import type { Stmt } from '../shell';
import type { Item, LayerTimeline } from './timeline';

export type HygieneFix =
  /** Insert `text` at `at` (a flag after a subcommand, a cleanup at the end of the RUN's last command). */
  | { kind: 'insert'; title: string; at: Position; text: string }
  | { kind: 'edits'; title: string; edits: Array<{ range: Range; newText: string }> };

export interface HygieneFinding extends Finding {
  /** One of the rule units' ids (rules/index.ts lists them). */
  code: string;
  /** The instruction the finding is reported on. */
  inst: Instruction;
  /** Quick fixes (./fixes.ts turns them into code actions). */
  fixes?: HygieneFix[];
  /**
   * The files the finding is about, in the layer of `inst` (absolute; `*`, `?`, `[...]` globs and `**`
   * for any depth): their bytes in the built layer are added to the message when the client sent the
   * layer's files.
   */
  paths?: string[];
}

/** What every hook gets: where to report, and how to word ranges and measured bytes. */
export interface HookContext {
  timeline: LayerTimeline;
  report: (f: HygieneFinding) => void;
  /** ` Measured: ...` for an instruction whose layer the client measured, '' otherwise. */
  measured: (i: Instruction) => string;
  /** Paths the Dockerfile's ENV/ARG name as credentials files (layer-secret's CREDENTIAL_ENV), with what each is. */
  credentialFiles?: ReadonlyMap<string, string>;
}

/** One source of a COPY/ADD, as the walker resolved it. */
export interface CopySource extends HookContext {
  inst: Instruction;
  /** The source as written after expansion (`.npmrc`, `https://...`, `<<EOF`). */
  src: string;
  /** The path item it became, if any. */
  item: Item | undefined;
  dest: string;
  heredoc: boolean;
  remote: boolean;
  /** Only this source in the instruction, no --from. */
  single: boolean;
  from: string | undefined;
  /** Secret-like files a directory source takes from the build context (asked only when needed). */
  contextSecrets: () => Array<{ rel: string; kind: string }>;
}

/** A RUN just interpreted. */
export interface RunDone extends HookContext {
  inst: Instruction;
  /** Where a command can be appended to the RUN (end of its last statement). */
  appendAt: Position | undefined;
  /** The script's statements. */
  stmts: Stmt[];
}

/** A stage walked to its end. */
export interface StageDone extends HookContext {
  stage: Stage;
}

/** One layer-hygiene rule: its code and description, and the hooks that detect it (each in rules/<code>.ts). */
export interface HygieneRule {
  id: string;
  description: string;
  /** Per COPY/ADD source, in order. */
  copySource?(c: CopySource): void;
  /** Sources beyond the walker's cap, summarised. */
  copyExtra?(c: HookContext & { inst: Instruction; dest: string; srcs: string[] }): void;
  /** After each RUN. */
  afterRun?(c: RunDone): void;
  /** Once the stage is walked (removals, rewrites, archives are only known then). */
  afterStage?(c: StageDone): void;
}

const MAX_LIST = 3;
export const lineOf = (i: Instruction) => i.startLine + 1;
export const code = (s: string) => `\`${s}\``;

export function listed(xs: string[]): string {
  const uniq = [...new Set(xs)];
  const shown = uniq.slice(0, MAX_LIST).map(code);
  const more = uniq.length - shown.length;
  const body = shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : body;
}

/** The range a finding is reported on: the instruction's first line. */
export function firstLine(inst: Instruction): Range {
  const end = inst.startLine === inst.endLine ? inst.range.end : { line: inst.startLine, character: Number.MAX_SAFE_INTEGER };
  return { start: inst.range.start, end };
}
