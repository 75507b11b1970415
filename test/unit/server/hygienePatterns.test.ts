// The real-world patterns issue 20 lists, one case each: what the layer-hygiene family reports on
// them (code and line), in process. The corpus test over LSP (test/lsp/realworld.test.ts) measures
// precision and recall on whole Dockerfiles; this pins each pattern down.
import * as assert from 'assert/strict';
import { analyzeText } from '../../../server/src/analysis';
import { hygieneFindings } from '../../../server/src/lint/hygiene';
import { prepareShellSyntax } from '../../../server/src/lint/shellSyntax';

const found = (lines: string[]) => hygieneFindings(analyzeText(lines.join('\n') + '\n')).map((f) => `${f.range.start.line + 1} ${f.code}`).sort();

const CASES: Array<{ name: string; text: string[]; want: string[] }> = [
  { name: 'gem install (exec form)', text: ['FROM ruby:3.3', 'RUN ["gem", "install", "bundler"]'], want: ['2 layer-cache'] },
  { name: 'bundle install with BUNDLE_PATH, cache removed by glob', text: ['FROM ruby:3.3', 'ENV BUNDLE_PATH=/usr/local/bundle', 'RUN bundle install && rm -rf "$BUNDLE_PATH"/ruby/*/cache'], want: [] },
  { name: 'conda without clean', text: ['FROM continuumio/miniconda3', 'RUN conda install -y -c conda-forge numpy'], want: ['2 layer-cache'] },
  { name: 'mamba with clean -afy', text: ['FROM mambaorg/micromamba', 'RUN micromamba install -y -n base python=3.12 && micromamba clean -afy'], want: [] },
  { name: 'zypper clean without --all keeps metadata', text: ['FROM opensuse/leap:15.6', 'RUN zypper -n refresh && zypper -n install curl && zypper clean'], want: ['2 layer-cache'] },
  { name: 'zypper clean --all', text: ['FROM opensuse/leap:15.6', 'RUN zypper -n refresh && zypper -n install curl && zypper clean --all'], want: [] },
  { name: 'an rm glob that matches none of the cache', text: ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*.deb'], want: ['2 layer-cache'] },
  { name: 'a find -name filter does not clean a cache', text: ['FROM python:3.12', 'RUN pip install flask && find / -name "*.pyc" -delete'], want: ['2 layer-cache'] },
  { name: 'COPY into an existing directory without a slash', text: ['FROM debian:12', 'COPY tool.tar.gz /tmp', 'RUN tar -xzf /tmp/tool.tar.gz -C /opt && rm /tmp/tool.tar.gz'], want: ['2 layer-archive', '2 layer-deleted-later'] },
  { name: 'rm under a directory-contents COPY', text: ['FROM node:20', 'WORKDIR /app', 'COPY ./src ./', 'RUN rm -rf ./fixtures'], want: ['3 layer-deleted-later'] },
  { name: 'URL in ENV fetched with curl -LO', text: ['FROM debian:12', 'ENV URL=https://example.com/dl/tool-1.2.tar.gz', 'RUN curl -LO "$URL" && tar -xzf tool-1.2.tar.gz -C /opt'], want: ['3 layer-archive'] },
  { name: 'extraction through a glob', text: ['FROM debian:12', 'RUN curl -fsSLO https://example.com/node-v20.tar.xz && tar -xJf node-*.tar.xz -C /usr/local --strip-components=1'], want: ['2 layer-archive'] },
  { name: 'old-style tar options', text: ['FROM debian:12', 'RUN wget https://example.com/a-1.0.tar.gz && tar xvfz a-1.0.tar.gz'], want: ['2 layer-archive'] },
  { name: 'a .war unzipped', text: ['FROM tomcat:10', 'RUN wget -q https://example.com/app.war && unzip app.war -d /usr/local/tomcat/webapps/ROOT'], want: ['2 layer-archive'] },
  { name: 'an archive moved instead of removed', text: ['FROM debian:12', 'RUN curl -fsSLO https://example.com/t-1.tgz && tar -xzf t-1.tgz -C /opt && mv t-1.tgz /opt/'], want: ['2 layer-archive'] },
  { name: 'chmod of a download with a command substitution in the URL', text: ['FROM debian:12', 'RUN curl -fsSLO "https://example.com/$(uname -m)/kubectl"', 'RUN chmod +x kubectl'], want: ['3 layer-rewrite'] },
  { name: 'chmod of an extracted member', text: ['FROM debian:12', 'RUN curl -fsSL https://example.com/t.tgz | tar -xz -C /usr/local/bin tool', 'RUN chmod 0755 /usr/local/bin/tool'], want: ['3 layer-rewrite'] },
  { name: 'chown -R of a COPY destination in a system directory', text: ['FROM debian:12', 'COPY app/ /opt/', 'RUN chown -R app:app /opt/app'], want: ['3 layer-rewrite'] },
  { name: 'TLS key, credentials json, kubeconfig, service-account key', text: ['FROM nginx', 'COPY tls/server.key /etc/nginx/tls/', 'COPY ci-credentials.json /srv/', 'COPY prod.kubeconfig /root/', 'COPY sa-key.json /srv/'], want: ['2 layer-secret', '3 layer-secret', '4 layer-secret', '5 layer-secret'] },
  { name: 'heredoc body with backslash escapes', text: ['FROM python:3.12', 'RUN <<EOF', 'pip install flask', 'find /usr/local -depth \\( -name "*.pyc" -o -name "*.pyo" \\) -exec rm -rf "{}" +', 'EOF'], want: ['2 layer-cache'] },
  { name: 'composer cache in a temporary COMPOSER_HOME removed by the same RUN', text: ['FROM php:8.3', 'RUN export COMPOSER_HOME="$(mktemp -d)" && composer install --no-dev && rm -rf "$COMPOSER_HOME"'], want: [] },
  { name: "pip's --no-cache abbreviation", text: ['FROM python:3.12', 'RUN pip install --no-cache flask'], want: [] },
  { name: 'go build in the final stage', text: ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .'], want: ['4 layer-cache', '4 layer-cache'] },
  { name: 'go build in a builder stage', text: ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', 'FROM gcr.io/distroless/static', 'COPY --from=build /out/app /app'], want: [] },
  // session 6
  { name: 'chown -R of an earlier apt-get install\'s config folder', text: ['FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*', 'RUN chown -R www-data /var/lib/nginx /var/log/nginx /etc/nginx'], want: ['3 layer-rewrite'] },
  { name: 'chmod +x of the executable a dpkg -i installed', text: ['FROM debian:12', 'COPY foo_1.2_amd64.deb /tmp/', 'RUN dpkg -i /tmp/foo_1.2_amd64.deb', 'RUN chmod +x /usr/bin/foo'], want: ['4 layer-rewrite'] },
  { name: 'chown of package folders created empty (state, logs, mkdir) is not a rewrite', text: ['FROM alpine:3.20', 'RUN apk add --no-cache nginx', 'RUN mkdir -p /etc/nginx/ssl && chown -R nginx /var/lib/nginx /var/log/nginx /run/nginx /etc/nginx/ssl && chmod 750 /etc/nginx'], want: [] },
  { name: 'make clean && rm -rf tests after a make into the copied tree', text: ['FROM gcc:14', 'COPY . /src', 'WORKDIR /src', 'RUN make', 'RUN make clean && rm -rf tests'], want: ['2 layer-deleted-later', '4 layer-deleted-later'] },
  { name: 'the copied tree removed after a build in it', text: ['FROM gcc:14', 'COPY . /src', 'RUN cd /src && make && make install', 'RUN rm -rf /src'], want: ['2 layer-deleted-later', '3 layer-deleted-later'] },
  { name: 'a build that writes elsewhere leaves the copied tree the COPY\'s', text: ['FROM golang:1.22', 'COPY . /src', 'RUN cd /src && go build -o /usr/local/bin/app . && go clean -cache -modcache', 'RUN rm -rf /src'], want: ['2 layer-deleted-later'] },
  { name: 'tar -xzf "$(basename "$URL")"', text: ['FROM debian:12', 'ENV TOOL_URL=https://example.com/tool-1.2.tar.gz', 'RUN curl -fsSLO "$TOOL_URL" && tar -xzf "$(basename "$TOOL_URL")" -C /opt'], want: ['3 layer-archive'] },
  { name: 'COPY into a WORKDIR or mkdir folder without a slash', text: ['FROM debian:12', 'WORKDIR /opt/app', 'RUN mkdir -p /opt/dist', 'COPY app.tar.gz /opt/dist', 'RUN tar -xzf /opt/dist/app.tar.gz', 'COPY app.jar /opt/app', 'RUN chmod 644 /opt/app/app.jar'], want: ['4 layer-archive', '7 layer-rewrite'] },
  { name: 'COPY of an archive into a base image folder without a slash', text: ['FROM nginx:1.27', 'COPY site.tar.gz /usr/share/nginx/html', 'RUN tar -xzf /usr/share/nginx/html/site.tar.gz -C /usr/share/nginx/html'], want: ['2 layer-archive'] },
  // session 7: held-out set 3's linter misses
  { name: 'an example file copied to a secret-like name is not a secret', text: ['FROM python:3.11-slim', 'WORKDIR /opt/worker', 'COPY --chown=1000:1000 .env.example ./.env', 'COPY config/app.sample /root/.npmrc', 'COPY deploy/secrets.template.yml /srv/secrets.yml', 'COPY ci/credentials.json.dist /srv/credentials.json', 'COPY kube.example.yaml /root/.kube/config'], want: [] },
  { name: 'a real secret copied to an example-like name still is one', text: ['FROM python:3.11-slim', 'WORKDIR /opt/worker', 'COPY .env ./.env.example', 'COPY deploy-key /root/.ssh/id_rsa', 'COPY id_ed25519 /srv/key.sample'], want: ['3 layer-secret', '4 layer-secret', '5 layer-secret'] },
  { name: "pnpm's store at $PNPM_HOME/store: covered by a cache mount there, left without it in a later stage", text: ['FROM node:20-alpine AS base', 'ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH', 'RUN npm install -g pnpm@9.12.0 && npm cache clean --force', 'FROM base AS deps', 'WORKDIR /app', 'COPY package.json pnpm-lock.yaml ./', 'RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile', 'FROM base AS runner', 'WORKDIR /app', 'COPY --from=deps /app/package.json ./', 'RUN pnpm install --prod --frozen-lockfile', 'RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --prod'], want: ['11 layer-cache', '12 layer-cache'] },
  { name: 'sources removed in the RUN that builds and cleans the package cache: the COPY\'s', text: ['FROM node:18-bullseye-slim', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN yarn build && yarn cache clean && rm -rf src test'], want: ['3 layer-deleted-later'] },
  { name: 'cache cleanups (npm cache clean, pnpm store prune, composer clear-cache) do not write in the copied tree', text: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm cache clean --force && pnpm store prune && composer clear-cache && rm -rf docs'], want: ['3 layer-deleted-later'] },
  { name: 'composer install in the copied tree (temporary COMPOSER_HOME), sources removed by the next RUN: the COPY\'s', text: ['FROM php:8.2-cli-alpine', 'WORKDIR /opt/migrator', 'COPY . .', 'RUN export COMPOSER_HOME="$(mktemp -d)" \\', '    && composer install --no-dev --no-interaction --prefer-dist --optimize-autoloader \\', '    && rm -rf "$COMPOSER_HOME"', 'RUN rm -rf tests .github phpunit.xml.dist', 'RUN rm -rf vendor/bin'], want: ['3 layer-deleted-later', '4 layer-deleted-later'] },
  { name: 'a tarball extracted with --strip-components into /usr/local (heredoc), members removed by a later RUN', text: ['FROM ubuntu:24.04', 'ARG NODE_VERSION=20.15.1', 'RUN <<EOT', 'set -eux', 'cd /tmp', 'curl -fsSLO "https://nodejs.example.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz"', 'tar -xJf "node-v${NODE_VERSION}-linux-x64.tar.xz" -C /usr/local --strip-components=1 --no-same-owner', 'EOT', 'RUN <<EOT', 'find /usr/local/lib/node_modules/npm -type f -name "*.md" -delete', 'rm -rf /usr/local/share/doc/node /usr/local/CHANGELOG.md', 'EOT'], want: ['3 layer-archive', '3 layer-deleted-later'] },
  { name: 'without --strip-components the members are in the top folder; into / they are the whole system; base-image paths are not the extraction\'s', text: ['FROM ubuntu:24.04', 'RUN curl -fsSL https://example.com/tool-1.2.tar.gz | tar -xz -C /usr/local', 'RUN rm -f /usr/local/CHANGELOG.md', 'RUN curl -fsSL https://example.com/rootfs.tar.gz | tar -xz -C / --strip-components=1', 'RUN rm -rf /etc/motd', 'RUN curl -fsSL https://example.com/py.tar.gz | tar -xz -C /usr/local --strip-components=1', 'RUN rm -rf /usr/local/share/man/* /usr/local/lib/python3.12/test && find /usr/local -name "*.pyc" -delete'], want: [] },
  // session 8: held-out set 4's linter misses
  { name: 'dotnet publish/build/test --no-restore after a dotnet restore leave no NuGet cache (the restore RUN does)', text: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /source', 'COPY Api/*.csproj ./Api/', 'RUN dotnet restore', 'COPY Api/. ./Api/', 'RUN dotnet publish -c Release -o /app --no-restore', 'RUN dotnet build --no-restore && dotnet test --no-restore'], want: ['4 layer-cache'] },
  { name: 'dotnet publish without --no-restore restores implicitly and leaves the NuGet cache', text: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /source', 'COPY . .', 'RUN dotnet publish -c Release -o /app'], want: ['4 layer-cache'] },
];

describe('layer-hygiene: real-world patterns', () => {
  before(async () => { await prepareShellSyntax(); });
  for (const c of CASES) it(c.name, () => assert.deepEqual(found(c.text), [...c.want].sort()));
});
