FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
# label: layer-cache, layer-deleted-later
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build
# keep only the production dependencies for the runtime image
RUN rm -rf node_modules \
    && npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=builder /app/package.json ./
COPY --from=builder /app/next.config.mjs ./
COPY --from=builder /app/public ./public
COPY --from=builder /app/.next ./.next
COPY --from=builder /app/node_modules ./node_modules
USER node
EXPOSE 3000
CMD ["npx", "next", "start"]
