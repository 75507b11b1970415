FROM node:18-bookworm AS frontend
WORKDIR /frontend
COPY package.json yarn.lock .yarnrc ./
# label: layer-cache
RUN yarn --frozen-lockfile --network-concurrency 1
COPY client ./client
COPY webpack.config.js babel.config.js ./
RUN yarn build

FROM python:3.10-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev libffi-dev gcc xmlsec1 \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home redash

WORKDIR /app
ENV POETRY_VERSION=1.8.3 POETRY_VIRTUALENVS_CREATE=false
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION"
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry \
    poetry install --only main --no-root

COPY . /app
COPY --from=frontend /frontend/client/dist /app/client/dist
# label: layer-rewrite
RUN chown -R redash /app
USER redash
ENTRYPOINT ["/app/bin/docker-entrypoint"]
CMD ["server"]
