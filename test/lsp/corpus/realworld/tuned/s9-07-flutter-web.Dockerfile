FROM debian:bookworm-slim AS flutter
# label: layer-cache
RUN apt-get update && apt-get install -y curl git unzip xz-utils ca-certificates

ARG FLUTTER_VERSION=3.19.6
ARG FLUTTER_URL=https://storage.example.com/flutter_infra/releases/stable/linux/flutter_linux_${FLUTTER_VERSION}-stable.tar.xz
RUN curl -fsSL "$FLUTTER_URL" -o /tmp/flutter.tar.xz \
    && tar -xJf /tmp/flutter.tar.xz -C /opt \
    && rm /tmp/flutter.tar.xz
ENV PATH=/opt/flutter/bin:$PATH
RUN git config --global --add safe.directory /opt/flutter && flutter config --enable-web

WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.pub-cache \
    flutter pub get && flutter build web --release

FROM nginx:1.25-alpine
ARG API_HOST=api.example.com
COPY --from=flutter /src/build/web /usr/share/nginx/html
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
# label: layer-rewrite
RUN sed -i "s/__API_HOST__/${API_HOST}/g" /etc/nginx/conf.d/default.conf
EXPOSE 80
