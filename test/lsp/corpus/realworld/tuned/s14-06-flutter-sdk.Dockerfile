FROM debian:bookworm-slim

ARG FLUTTER_CHANNEL=stable
ENV FLUTTER_HOME=/opt/flutter
ENV PATH=${FLUTTER_HOME}/bin:${FLUTTER_HOME}/bin/cache/dart-sdk/bin:${PATH}

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl git unzip xz-utils zip libglu1-mesa \
    && rm -rf /var/lib/apt/lists/*

# label: layer-deleted-later
RUN git clone --depth 1 -b ${FLUTTER_CHANNEL} https://git.example.com/mirrors/flutter.git ${FLUTTER_HOME}
# examples and benchmarks are not needed on CI
RUN rm -rf ${FLUTTER_HOME}/examples ${FLUTTER_HOME}/dev/benchmarks

RUN useradd -m -u 1000 dev
# label: layer-rewrite
RUN chown -R dev:dev ${FLUTTER_HOME}

USER dev
RUN flutter config --no-analytics && flutter precache --android
WORKDIR /home/dev/app
