FROM node:22-slim AS base
ENV PNPM_HOME="/pnpm"
ENV PATH="$PNPM_HOME:$PATH"
RUN npm install -g --no-fund pnpm@9.4.0 && npm cache clean --force

FROM base AS build
WORKDIR /usr/src/app
COPY . .
RUN pnpm config set store-dir /pnpm/store
RUN --mount=type=cache,id=pnpm,target=/pnpm/store \
    pnpm install --frozen-lockfile \
 && pnpm run -r build \
 && pnpm deploy --filter=api --prod /prod/api

FROM base
COPY --from=build /prod/api /srv/api
WORKDIR /srv/api
EXPOSE 8000
CMD ["node", "dist/main.js"]
