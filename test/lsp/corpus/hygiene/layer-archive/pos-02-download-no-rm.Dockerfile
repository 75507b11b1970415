FROM debian:bookworm-slim
ENV NODE_VERSION=20.11.1
# expect: layer-archive `/tmp/node.tar.xz` is downloaded by this RUN (curl) and extracted in this same instruction
RUN curl -fsSL -o /tmp/node.tar.xz "https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz" \
    && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
