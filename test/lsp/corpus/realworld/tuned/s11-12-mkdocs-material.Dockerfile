# syntax=docker/dockerfile:1
FROM python:3.12-slim AS docs

WORKDIR /docs
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install mkdocs-material==9.5.3 mkdocs-awesome-pages-plugin==2.9.2

COPY mkdocs.yml .
COPY docs ./docs
RUN mkdocs build --strict --site-dir /out

FROM nginx:1.25-alpine
COPY --from=docs /out /usr/share/nginx/html
