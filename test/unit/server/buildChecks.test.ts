import * as assert from 'assert/strict';
import { analyzeText } from '../../../server/src/analysis';
import type { ImageFacts } from '../../../server/src/facts';
import { lint, LintContext } from '../../../server/src/lint';
import { BUILD_CHECKS } from '../../../server/src/lint/rules';
import { DockerIgnore } from '../../../client/src/core/parser';

function diags(text: string, ctx: LintContext = {}) {
  return lint(analyzeText(text), ctx);
}
function codes(text: string, ctx: LintContext = {}): string[] {
  return diags(text, ctx).map((d) => String(d.code));
}
function only(code: string, text: string, ctx: LintContext = {}) {
  return diags(text, ctx).filter((d) => d.code === code);
}
const factsOf = (f: Record<string, ImageFacts>) => ({ cachedImageFacts: (image: string) => f[image] });

// One clean file per family of instructions, written the way official images are.
const CLEAN = `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM golang:\${GO_VERSION}-alpine AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/.cache/go-build go mod download
COPY . .
RUN go build -o /out/app ./cmd/app

FROM --platform=$BUILDPLATFORM alpine:3.19 AS certs
RUN apk add --no-cache ca-certificates

FROM scratch
ARG VERSION=dev
LABEL org.opencontainers.image.version=$VERSION
COPY --from=build /out/app /app
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
EXPOSE 8080/tcp
USER 65532:65532
HEALTHCHECK --interval=30s CMD ["/app", "health"]
ENTRYPOINT ["/app"]
`;

describe('BuildKit build checks', () => {
  it('knows the 21 non-experimental rules by BuildKit\'s names', () => {
    assert.equal(BUILD_CHECKS.length, 21);
    assert.ok(BUILD_CHECKS.every((r) => /^[A-Z][A-Za-z]+$/.test(r.code) && r.url));
  });

  it('reports nothing on a clean multi-stage Dockerfile', () => {
    assert.deepEqual(diags(CLEAN), []);
  });

  it('StageNameCasing: on the stage name, not for lower-case names', () => {
    const [d] = only('StageNameCasing', 'FROM alpine AS Build\n');
    assert.equal(d.message, "Stage name 'Build' should be lowercase");
    assert.deepEqual(d.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 20 } });
    assert.deepEqual(only('StageNameCasing', 'FROM alpine AS build\n'), []);
  });

  it('FromAsCasing: AS must follow FROM\'s case (mixed-case FROM is ConsistentInstructionCasing\'s business)', () => {
    assert.equal(only('FromAsCasing', 'FROM alpine as build\n')[0].message, "'as' and 'FROM' keywords' casing do not match");
    assert.equal(only('FromAsCasing', 'from alpine AS build\n').length, 1);
    assert.deepEqual(only('FromAsCasing', 'from alpine as build\nFROM alpine AS b2\nFrom alpine as b3\n'), []);
  });

  it('NoEmptyContinuation: on the line after the empty one', () => {
    const [d] = only('NoEmptyContinuation', 'FROM alpine\nRUN echo \\\n\n  ok\n');
    assert.equal(d.range.start.line, 3);
    assert.deepEqual(only('NoEmptyContinuation', 'FROM alpine\nRUN echo \\\n  ok\n'), []);
  });

  it('ConsistentInstructionCasing: against the majority, mixed case always', () => {
    const ds = only('ConsistentInstructionCasing', 'FROM alpine\nRUN true\nrun true\nWorkdir /x\n');
    assert.deepEqual(ds.map((d) => d.message), [
      "Command 'run' should match the case of the command majority (uppercase)",
      "Command 'Workdir' should match the case of the command majority (uppercase)",
    ]);
    assert.deepEqual(ds[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    assert.deepEqual(only('ConsistentInstructionCasing', 'from alpine\nrun true\n'), []);
  });

  it('DuplicateStageName and ReservedStageName (case-insensitive, as BuildKit lower-cases names)', () => {
    assert.equal(only('DuplicateStageName', 'FROM a AS x\nFROM b AS X\n')[0].message, 'Duplicate stage name "x", stage names should be unique');
    assert.equal(only('ReservedStageName', 'FROM a AS scratch\n')[0].message, 'Stage name should not use the same name as reserved stage "scratch"');
    assert.equal(only('ReservedStageName', 'FROM a AS context\n').length, 1);
    assert.deepEqual(codes('FROM a AS x\nFROM b AS y\n'), []);
  });

  it('JSONArgsRecommended: shell-form CMD/ENTRYPOINT unless a SHELL is set (also in the base stage)', () => {
    assert.equal(only('JSONArgsRecommended', 'FROM a\nCMD node server.js\n')[0].message, 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals');
    assert.equal(only('JSONArgsRecommended', 'FROM a\nENTRYPOINT exec app\n').length, 1);
    assert.deepEqual(only('JSONArgsRecommended', 'FROM a\nCMD ["node"]\n'), []);
    assert.deepEqual(only('JSONArgsRecommended', 'FROM a AS b\nSHELL ["/bin/bash", "-c"]\nFROM b\nCMD node x\n'), []);
  });

  it('MaintainerDeprecated', () => {
    const [d] = only('MaintainerDeprecated', 'FROM a\nMAINTAINER me <me@example.com>\n');
    assert.equal(d.message, 'Maintainer instruction is deprecated in favor of using label');
    assert.deepEqual(d.tags, [2]);
  });

  it('UndefinedArgInFrom: undeclared names in FROM (predefined platform args are declared), with a suggestion', () => {
    const [d] = only('UndefinedArgInFrom', 'ARG VERSION=1\nFROM alpine:$VERSIN\n');
    assert.equal(d.message, "FROM argument 'VERSIN' is not declared (did you mean VERSION?)");
    assert.deepEqual(d.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 19 } });
    assert.deepEqual(only('UndefinedArgInFrom', 'ARG V\nFROM --platform=$BUILDPLATFORM alpine:$V\n'), []);
  });

  it('WorkdirRelativePath: the first WORKDIR of a stage chain only', () => {
    assert.equal(only('WorkdirRelativePath', 'FROM a\nWORKDIR app\n')[0].message, 'Relative workdir "app" can have unexpected results if the base image changes');
    assert.deepEqual(only('WorkdirRelativePath', 'FROM a\nWORKDIR /app\nWORKDIR sub\n'), []);
    assert.deepEqual(only('WorkdirRelativePath', 'FROM a AS b\nWORKDIR /app\nFROM b\nWORKDIR sub\n'), []);
    assert.deepEqual(only('WorkdirRelativePath', 'FROM a\nARG D=/srv\nWORKDIR $D\n'), []);
  });

  it('UndefinedVar: with a known environment (scratch), every undeclared name; otherwise near misses only', () => {
    const [d] = only('UndefinedVar', 'FROM scratch\nENV FOO=1\nCOPY $FOOO /x\n');
    assert.equal(d.message, "Usage of undefined variable '$FOOO' (did you mean $FOO?)");
    assert.equal(only('UndefinedVar', 'FROM scratch\nCOPY $NOPE /x\n').length, 1);
    assert.deepEqual(only('UndefinedVar', 'FROM node\nWORKDIR $NODE_HOME\n'), [], 'unknown base env: no guess');
    assert.deepEqual(only('UndefinedVar', 'FROM scratch\nARG X\nCOPY $X /x\nRUN echo $Y\n'), [], 'declared ARG; RUN left to the shell');
    const withFacts = only('UndefinedVar', 'FROM node:20\nWORKDIR $NODE_HOME\nENV P=$NODE_VERSION\n', { facts: factsOf({ 'node:20': { id: 'sha256:x', size: 1, layers: 1, env: ['NODE_VERSION=20'] } }) });
    assert.deepEqual(withFacts.map((x) => x.message), ["Usage of undefined variable '$NODE_HOME'"]);
  });

  it('MultipleInstructionsDisallowed: reported on the earlier CMD/ENTRYPOINT/HEALTHCHECK', () => {
    const ds = only('MultipleInstructionsDisallowed', 'FROM a\nCMD ["a"]\nCMD ["b"]\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n');
    assert.deepEqual(ds.map((d) => d.range.start.line), [1, 3]);
    assert.deepEqual(only('MultipleInstructionsDisallowed', 'FROM a\nCMD ["a"]\nFROM b\nCMD ["b"]\n'), []);
  });

  it('LegacyKeyValueFormat for ENV and LABEL', () => {
    assert.equal(only('LegacyKeyValueFormat', 'FROM a\nENV A b\n')[0].message, '"ENV key=value" should be used instead of legacy "ENV key value" format');
    assert.equal(only('LegacyKeyValueFormat', 'FROM a\nLABEL a b\n').length, 1);
    assert.deepEqual(only('LegacyKeyValueFormat', 'FROM a\nENV A=b\nLABEL a="b c"\n'), []);
  });

  it('InvalidBaseImagePlatform when the local image has another platform', () => {
    const facts = factsOf({ 'x:1': { id: 'sha256:x', size: 1, layers: 1, os: 'linux', architecture: 'mips64' } });
    const [d] = only('InvalidBaseImagePlatform', 'FROM x:1\n', { facts });
    assert.match(String(d.message), /^Base image x:1 was pulled with platform "linux\/mips64", expected "linux\/\w+" for current build$/);
    assert.deepEqual(only('InvalidBaseImagePlatform', 'FROM --platform=linux/mips64 x:1 AS mips64\n', { facts }), []);
    assert.deepEqual(only('InvalidBaseImagePlatform', 'FROM x:1\n'), [], 'no facts, no finding');
  });

  it('RedundantTargetPlatform and FromPlatformFlagConstDisallowed', () => {
    assert.equal(only('RedundantTargetPlatform', 'FROM --platform=$TARGETPLATFORM a\n')[0].message, 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior');
    assert.deepEqual(only('RedundantTargetPlatform', 'FROM --platform=$BUILDPLATFORM a\n'), []);
    assert.equal(only('FromPlatformFlagConstDisallowed', 'FROM --platform=linux/amd64 a\n')[0].message, 'FROM --platform flag should not use constant value "linux/amd64"');
    assert.deepEqual(only('FromPlatformFlagConstDisallowed', 'FROM --platform=linux/amd64 a AS build-amd64\n'), []);
  });

  it('SecretsUsedInArgOrEnv: secret-like keys, with BuildKit\'s allow-list', () => {
    const ds = only('SecretsUsedInArgOrEnv', 'FROM a\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x\nENV AWS_SECRET_KEY=1\n');
    assert.deepEqual(ds.map((d) => d.message), [
      'Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")',
      'Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD")',
      'Do not use ARG or ENV instructions for sensitive data (ENV "AWS_SECRET_KEY")',
    ]);
    assert.deepEqual(only('SecretsUsedInArgOrEnv', 'FROM a\nARG PUBLIC_KEY\nENV KEY_FILE=/k\nENV TOKENIZER=x\nENV MONKEY=1\n'), []);
  });

  it('InvalidDefaultArgInFrom: defaults that leave no valid image name', () => {
    assert.equal(only('InvalidDefaultArgInFrom', 'ARG TAG\nFROM alpine:$TAG\n')[0].message, 'Default value for ARG alpine:$TAG results in empty or invalid base image name');
    assert.deepEqual(only('InvalidDefaultArgInFrom', 'ARG TAG=3\nFROM alpine:$TAG\n'), []);
    assert.deepEqual(only('InvalidDefaultArgInFrom', 'ARG TAG\nFROM alpine:${TAG:-3}\n'), []);
  });

  it('CopyIgnoredFile: sources the .dockerignore excludes (not with exclusion patterns, not --from)', () => {
    const ignore = DockerIgnore.fromText('*.log\nsecrets/\n');
    const ds = only('CopyIgnoredFile', 'FROM a\nCOPY app.log secrets/key ok.txt /x/\nADD debug.log /y\nCOPY --from=b x.log /z\n', { ignore });
    assert.deepEqual(ds.map((d) => d.message), [
      'Attempting to Copy file "app.log" that is excluded by .dockerignore',
      'Attempting to Copy file "secrets/key" that is excluded by .dockerignore',
      'Attempting to Add file "debug.log" that is excluded by .dockerignore',
    ]);
    assert.deepEqual(only('CopyIgnoredFile', 'FROM a\nCOPY app.log /x\n', { ignore: DockerIgnore.fromText('*.log\n!keep.log\n') }), []);
    assert.deepEqual(only('CopyIgnoredFile', 'FROM a\nCOPY . /x\n', { ignore }), []);
  });

  it('ExposeProtoCasing and ExposeInvalidFormat', () => {
    assert.equal(only('ExposeProtoCasing', 'FROM a\nEXPOSE 53/UDP\n')[0].message, "Defined protocol '53/UDP' in EXPOSE instruction should be lowercase");
    assert.equal(only('ExposeInvalidFormat', 'FROM a\nEXPOSE 8080:80\n')[0].message, "EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80'");
    assert.deepEqual(codes('FROM a\nEXPOSE 80 53/udp 8000-8010\n'), []);
  });
});

describe('suppression and severities', () => {
  it('# check=skip= in the directives (file) and before an instruction (that instruction)', () => {
    assert.deepEqual(codes('# check=skip=JSONArgsRecommended,MaintainerDeprecated\nFROM a\nCMD x\nMAINTAINER m\n'), []);
    assert.deepEqual(codes('# check=skip=all\nFROM a AS B\nCMD x\n'), []);
    assert.deepEqual(codes('FROM a\n# check=skip=JSONArgsRecommended\nCMD x\nENTRYPOINT y\n'), ['JSONArgsRecommended']);
  });

  it('# check=error=true makes build checks errors', () => {
    assert.equal(diags('# check=error=true\nFROM a\nCMD x\n')[0].severity, 1);
  });

  it('# stevedore-ignore <code>[,<code>] on the line before', () => {
    assert.deepEqual(codes('FROM a\n# stevedore-ignore JSONArgsRecommended, MaintainerDeprecated\nCMD x\n'), []);
    assert.deepEqual(codes('FROM a\n# stevedore-ignore MaintainerDeprecated\nCMD x\n'), ['JSONArgsRecommended']);
  });

  it('# hadolint ignore= maps hadolint IDs to the equivalent rule', () => {
    assert.deepEqual(codes('FROM a\n# hadolint ignore=DL3025\nCMD x\n'), []);
  });

  it('stevedore.lint.<code> sets a rule\'s severity or turns it off', () => {
    const text = 'FROM a\nCMD x\nMAINTAINER m\n';
    const ds = diags(text, { settings: { severities: { JSONArgsRecommended: 'error', MaintainerDeprecated: 'off' } } });
    assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['JSONArgsRecommended', 1]]);
  });

  it('parse errors are errors with their exact range and code parse-error', () => {
    const [d] = diags('FROM a\nRUN <<EOF\necho\n');
    assert.equal(d.code, 'parse-error');
    assert.equal(d.severity, 1);
  });
});
