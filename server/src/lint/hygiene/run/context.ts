// What a command handler (./files.ts, ./archives.ts, ./downloads.ts, ./packages.ts) may use of the
// RUN interpreter (./runner.ts implements it): the state of the script at this command and the
// operations that turn commands into timeline events.
import type { Instruction, Position } from '../../../../../client/src/core/parser';
import type { Word } from '../../shell';
import type { Item, LayerTimeline } from '../timeline';
import type { Arg, PathMatch } from './args';

export interface RunInput {
  inst: Instruction;
  timeline: LayerTimeline;
  cwd: string;
  user: string;
  home: string | undefined;
  /** ARG/ENV in scope: a string when set, null when declared without a value. */
  vars: Map<string, string | null>;
  /** Mount targets (cache, tmpfs, bind, secret): nothing written there ends up in the layer. */
  mounts: string[];
  /** Script offset → document position, for fixes (undefined where the mapping is not exact). */
  position: (offset: number) => Position | undefined;
  /** The whole RUN is one simple command (a fix may replace the RUN). */
  single?: boolean;
  /** The stage ends up in the image (the last stage or one it is built FROM). */
  ships?: boolean;
}

export interface RunContext {
  readonly input: RunInput;
  readonly inst: Instruction;
  readonly timeline: LayerTimeline;
  /** The working directory at this command ('/\0unknown' after a `cd` to an unknown place). */
  cwd: string;
  vars: Map<string, string | null>;
  readonly home: string | undefined;
  /** Nesting depth (sh -c, eval, functions): 0 at the RUN's own script. */
  readonly depth: number;
  /** The `find` on the left of the pipe this command reads from. */
  readonly pipeFrom: { root: string; names: RegExp[]; globs: string[]; dirs?: boolean } | undefined;
  /** The command's stdin answers yes to its questions (`yes | pacman -Scc`, `echo y | ...`). */
  readonly stdinYes: boolean;
  /** A path operand as a pattern (undefined when unknown or the instruction's budget is spent). */
  match(a: Arg): PathMatch | undefined;
  inMount(p: string): boolean;
  /** A path this command writes: an item unless it is under a mount or a pseudo file system. */
  created(path: string, source: string, tree: boolean | undefined, archive?: boolean, extra?: Partial<Item>): Item | undefined;
  isDir(p: string): boolean;
  /** The script set this variable to something this analysis cannot know (`X=$(mktemp -d)`). */
  unknownVar(name: string): boolean;
  /** Document position of the end of a word, for inserting a flag after it. */
  after(w: Word | undefined): Position | undefined;
}

/** Handles one command (`name` is its base name, `rest` its arguments); `false` when it turns out not to be one it knows (`php` without composer). */
export type Handler = (r: RunContext, name: string, rest: Arg[], env: Map<string, string | null>, stdout: string | undefined) => void | false;
