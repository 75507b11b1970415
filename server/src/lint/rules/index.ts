// Every diagnostic code the server can report, with its one-line description and documentation link.
// BuildKit's build checks keep BuildKit's names; the layer-hygiene family is one rule unit per code
// (./layer-*.ts), listed once below.
import type { HygieneRule } from '../hygiene/finding';
import { layerArchive } from './layer-archive';
import { layerCache } from './layer-cache';
import { layerDeletedLater } from './layer-deleted-later';
import { layerRewrite } from './layer-rewrite';
import { layerSecret } from './layer-secret';
import { rulePageHref } from './pages';

export interface RuleInfo { code: string; description: string; url?: string }

const bk = (code: string, description: string, slug: string): RuleInfo => ({ code, description, url: `https://docs.docker.com/go/dockerfile/rule/${slug}/` });

/** BuildKit's non-experimental build checks (frontend/dockerfile/linter/ruleset.go). */
export const BUILD_CHECKS: RuleInfo[] = [
  bk('StageNameCasing', 'Stage names should be lowercase', 'stage-name-casing'),
  bk('FromAsCasing', "The 'as' keyword should match the case of the 'from' keyword", 'from-as-casing'),
  bk('NoEmptyContinuation', 'Empty continuation lines will become errors in a future release', 'no-empty-continuation'),
  bk('ConsistentInstructionCasing', 'All commands within the Dockerfile should use the same casing (either upper or lower)', 'consistent-instruction-casing'),
  bk('DuplicateStageName', 'Stage names should be unique', 'duplicate-stage-name'),
  bk('ReservedStageName', 'Reserved words should not be used as stage names', 'reserved-stage-name'),
  bk('JSONArgsRecommended', 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals', 'json-args-recommended'),
  bk('MaintainerDeprecated', 'The MAINTAINER instruction is deprecated, use a label instead to define an image author', 'maintainer-deprecated'),
  bk('UndefinedArgInFrom', 'FROM command must use declared ARGs', 'undefined-arg-in-from'),
  bk('WorkdirRelativePath', 'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes', 'workdir-relative-path'),
  bk('UndefinedVar', 'Variables should be defined before their use', 'undefined-var'),
  bk('MultipleInstructionsDisallowed', 'Multiple instructions of the same type should not be used in the same stage', 'multiple-instructions-disallowed'),
  bk('LegacyKeyValueFormat', 'Legacy key/value format with whitespace separator should not be used', 'legacy-key-value-format'),
  bk('InvalidBaseImagePlatform', 'Base image platform does not match expected target platform', 'invalid-base-image-platform'),
  bk('RedundantTargetPlatform', 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior', 'redundant-target-platform'),
  bk('SecretsUsedInArgOrEnv', 'Sensitive data should not be used in the ARG or ENV commands', 'secrets-used-in-arg-or-env'),
  bk('InvalidDefaultArgInFrom', 'Default value for global ARG results in an empty or invalid base image name', 'invalid-default-arg-in-from'),
  bk('FromPlatformFlagConstDisallowed', 'FROM --platform flag should not use a constant value', 'from-platform-flag-const-disallowed'),
  bk('CopyIgnoredFile', 'Attempting to Copy file that is excluded by .dockerignore', 'copy-ignored-file'),
  bk('ExposeProtoCasing', 'Protocol in EXPOSE instruction should be lowercase', 'expose-proto-casing'),
  bk('ExposeInvalidFormat', 'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release', 'expose-invalid-format'),
];

/** The parser's own problems. */
export const PARSE_RULES: RuleInfo[] = [
  { code: 'parse-error', description: 'The Dockerfile does not parse (BuildKit would refuse it)' },
  { code: 'unknown-instruction', description: 'Not a Dockerfile instruction' },
];

/** The layer-hygiene rule units: the one list of their codes. */
export const HYGIENE_UNITS: readonly HygieneRule[] = [layerDeletedLater, layerCache, layerArchive, layerSecret, layerRewrite];
export const HYGIENE_CODES: readonly string[] = HYGIENE_UNITS.map((u) => u.id);
/** Their pages ship with the extension (media/lint/<code>.md): diagnostics link them. */
export const HYGIENE_RULES: RuleInfo[] = HYGIENE_UNITS.map((u) => ({ code: u.id, description: u.description, url: rulePageHref(u.id) }));

export const ALL_RULES: RuleInfo[] = [...PARSE_RULES, ...BUILD_CHECKS, ...HYGIENE_RULES];
export const RULE_CODES: string[] = ALL_RULES.map((r) => r.code);
export const BUILD_CHECK_CODES: ReadonlySet<string> = new Set(BUILD_CHECKS.map((r) => r.code));
export function ruleInfo(code: string): RuleInfo | undefined {
  return ALL_RULES.find((r) => r.code === code);
}
