FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/pnpm-lock.yaml ./
# label: layer-cache
RUN corepack enable && pnpm install --frozen-lockfile
COPY web/ ./
RUN pnpm run build

FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir gunicorn==22.0.0 flask==3.0.3
COPY --from=web /web/dist ./static
# label: layer-deleted-later
COPY server/ ./
# label: layer-secret
COPY certs/client.key /app/certs/
COPY certs/ca.pem /app/certs/
RUN rm -rf tests
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
