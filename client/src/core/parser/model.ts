// The Dockerfile instruction model shared by the builder (client/src/engine/build) and the language
// server (server/src). One parser, BuildKit's semantics, exact source ranges everywhere.
//
// Positions are 0-based lines and UTF-16 columns (what LSP uses); ranges are end-exclusive.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A parser directive at the top of the file: `# syntax=...`, `# escape=...`, `# check=...` (name lower-cased). */
export interface Directive { name: string; value: string; range: Range }

/**
 * A builder flag at the start of the arguments, e.g. `--from=build` or `--link`.
 * `raw` is the flag word with quotes and escapes removed, as BuildKit keeps it ("--from=build").
 */
export interface Flag {
  name: string;                 // without the leading "--"
  value: string | undefined;    // undefined for a bare flag (`--link`)
  raw: string;
  range: Range;
  nameRange: Range;
  valueRange?: Range;
}

/** A token with its source range. `value` is as BuildKit's AST holds it (raw, not variable-expanded). */
export interface Word { value: string; range: Range }

export interface Heredoc {
  name: string;                 // delimiter word, quotes removed
  fileDescriptor: number;       // the N of `N<<EOF`, 0 when absent
  content: string;              // body lines, each with its newline; not chomped (see chompHeredocContent)
  expand: boolean;              // false when the delimiter was quoted
  chomp: boolean;               // `<<-`
  range: Range;                 // body and terminator line
  contentRange: Range;          // body only
  nameRange?: Range;            // the `<<EOF` word in the instruction line, when it can be located
}

export interface Instruction {
  /** Upper-case keyword ("RUN"); an unknown one is its raw word upper-cased. */
  keyword: string;
  keywordRaw: string;
  keywordRange: Range;
  /** Whole instruction including continuation lines and heredoc bodies. */
  range: Range;
  /** 0-based first and last physical line (same as range.start.line / range.end.line). */
  startLine: number;
  endLine: number;
  flags: Flag[];
  /**
   * BuildKit's argument nodes, exactly as its AST holds them:
   * - exec (JSON) form: one per array element (JSON-decoded);
   * - shell form of RUN/CMD/ENTRYPOINT/SHELL: one word holding the whole argument text;
   * - ENV/LABEL: triples key, value, separator ("=" or "" for the legacy `KEY value` form);
   * - HEALTHCHECK: the type word (CMD/NONE) then the command as above;
   * - USER/WORKDIR/MAINTAINER/STOPSIGNAL: one word holding the whole text;
   * - ARG: the quote-aware words; FROM/COPY/ADD/EXPOSE/VOLUME (shell form): whitespace-split words;
   * - ONBUILD: empty (see `onbuild`); unknown instructions: empty.
   */
  args: Word[];
  /** The argument text split into quote-aware words (quotes and escapes kept), whatever the instruction. */
  words: Word[];
  /** Exec (JSON array) form. */
  json: boolean;
  /** Argument text after the flags with continuations joined. */
  argsText: string;
  argsRange?: Range;
  heredocs: Heredoc[];
  /** The trigger instruction of ONBUILD. */
  onbuild?: Instruction;
  /** Comment lines directly before the instruction (BuildKit's PrevComment; `#` alone resets). */
  comments: string[];
  /** Index of the stage it belongs to, -1 for global instructions before the first FROM. */
  stage: number;
  /**
   * Where argsText comes from: each entry maps argsText offsets >= offset to a document position
   * (continuation lines start new entries). Use argsPosition(inst, offset) to convert.
   */
  argsSegments: ArgsSegment[];
  /** The logical line (continuations joined) as BuildKit's Node.Original. */
  original: string;
  /** Problems found in this instruction (also listed in Dockerfile.errors). */
  errors: ParseProblem[];
}

export interface ArgsSegment { offset: number; line: number; character: number }

export interface Stage {
  index: number;
  /** Stage name as written after AS (compare case-insensitively; see stageByName). */
  name?: string;
  nameRange?: Range;
  from: Instruction;
  /** Base image reference as written (unexpanded), "" if missing. */
  baseImage: string;
  baseImageRange?: Range;
  platform?: string;
  instructions: Instruction[];
}

export interface ParseProblem {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
  code?: string;
}

/** A comment line (also inside continuations; parser directives excluded): text from the `#` on. */
export interface Comment { text: string; range: Range }

export interface Dockerfile {
  text: string;
  escape: '\\' | '`';
  directives: Directive[];
  instructions: Instruction[];
  globalArgs: Instruction[];
  stages: Stage[];
  comments: Comment[];
  errors: ParseProblem[];
  warnings: ParseProblem[];
}
