# Modelled on: Elixir/Phoenix release images (hexpm/elixir alpine builder, plain alpine runtime)
FROM hexpm/elixir:1.16.2-erlang-26.2.4-alpine-3.19.1 AS build
# label: layer-cache
RUN apk add --update git build-base
WORKDIR /src
RUN mix local.hex --force && mix local.rebar --force
ENV MIX_ENV=prod
COPY mix.exs mix.lock ./
RUN mix deps.get --only prod && mix deps.compile
COPY config config
COPY lib lib
COPY priv priv
RUN mix release ledgerly

FROM alpine:3.19
RUN apk add --no-cache libstdc++ ncurses-libs openssl
WORKDIR /srv/ledgerly
COPY --from=build /src/_build/prod/rel/ledgerly ./
ENV PHX_SERVER=true
CMD ["bin/ledgerly", "start"]
