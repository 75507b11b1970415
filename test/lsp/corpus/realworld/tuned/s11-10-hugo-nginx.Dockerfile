FROM debian:bookworm-slim AS build
ARG HUGO_VERSION=0.121.2
ENV HUGO_URL=https://dl.example.com/hugo/v${HUGO_VERSION}/hugo_extended_${HUGO_VERSION}_linux-amd64.tar.gz

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates git \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /tmp
# label: layer-archive
RUN curl -fsSLO "$HUGO_URL" \
 && tar -xzf "${HUGO_URL##*/}" -C /usr/local/bin hugo

WORKDIR /src
COPY . .
RUN hugo --minify

FROM nginx:1.25-alpine
# drop the stock server block
RUN rm /etc/nginx/conf.d/default.conf
COPY nginx/site.conf /etc/nginx/conf.d/
COPY --from=build /src/public /usr/share/nginx/html
EXPOSE 80
