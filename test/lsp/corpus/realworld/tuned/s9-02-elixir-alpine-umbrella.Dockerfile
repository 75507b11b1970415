FROM elixir:1.15-alpine AS builder

# label: layer-cache
RUN apk update && apk add git build-base nodejs npm

WORKDIR /src
ENV MIX_ENV=prod
RUN mix local.hex --force && mix local.rebar --force

COPY mix.exs mix.lock ./
COPY apps/ledger_web/mix.exs apps/ledger_web/
COPY apps/ledger_core/mix.exs apps/ledger_core/
RUN --mount=type=cache,target=/root/.hex,sharing=locked \
    --mount=type=cache,target=/root/.cache,sharing=locked \
    mix deps.get --only prod

COPY apps/ledger_web/assets/package.json apps/ledger_web/assets/package-lock.json apps/ledger_web/assets/
# label: layer-cache
RUN cd apps/ledger_web/assets && npm ci --no-audit

COPY . .
RUN mix do compile, phx.digest
RUN mix release ledger

FROM alpine:3.19
RUN apk add --no-cache libstdc++ ncurses-libs openssl
WORKDIR /srv
COPY --from=builder /src/_build/prod/rel/ledger ./
# label: layer-secret
COPY deploy/tls/server.key /srv/tls/
COPY deploy/tls/server.crt /srv/tls/
# label: layer-rewrite
RUN chown -R nobody:nobody /srv
USER nobody
ENTRYPOINT ["/srv/bin/ledger"]
CMD ["start"]
