# Modelled on: pnpm monorepo Dockerfiles (corepack, PNPM_HOME, install, Next.js build, prune to production deps)
FROM node:20-slim
ENV PNPM_HOME=/pnpm
ENV PATH=$PNPM_HOME:$PATH
RUN corepack enable
WORKDIR /app
COPY . .
# label: layer-cache, layer-deleted-later
RUN pnpm install --frozen-lockfile
# label: layer-deleted-later
RUN pnpm --filter web run build
RUN rm -rf packages/web/.next/cache && pnpm prune --prod
EXPOSE 3000
CMD ["pnpm", "--filter", "web", "start"]
