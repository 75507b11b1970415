FROM elixir:1.16-slim
ENV MIX_ENV=dev

# label: layer-cache
RUN apt-get update && apt-get install -y inotify-tools git curl xz-utils \
    && rm -rf /var/cache/apt/archives/*.deb

ARG NODE_VERSION=20.12.2
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO https://nodejs.example.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz \
    && tar -xJf node-v${NODE_VERSION}-linux-x64.tar.xz -C /usr/local --strip-components=1
RUN rm node-v${NODE_VERSION}-linux-x64.tar.xz /usr/local/CHANGELOG.md /usr/local/README.md

WORKDIR /app
RUN mix local.hex --force && mix local.rebar --force
COPY mix.exs mix.lock ./
RUN --mount=type=cache,target=/root/.hex \
    --mount=type=cache,target=/root/.cache \
    mix deps.get
COPY assets/package.json assets/package-lock.json ./assets/
# label: layer-cache
RUN npm --prefix ./assets ci
COPY . .
EXPOSE 4000
CMD ["mix", "phx.server"]
