FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
RUN git clone --depth 1 --branch b3400 https://git.example.com/inference/llm-engine.git .
RUN cmake -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j"$(nproc)" --target server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/bin/server /usr/local/bin/llm-server
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/llm-server

# weights are a single file, served as is
ARG GGUF_URL=https://weights.example.com/gguf/tiny-chat-q4_k_m.gguf
ADD ${GGUF_URL} /models/tiny-chat.gguf

EXPOSE 8080
ENTRYPOINT ["llm-server", "-m", "/models/tiny-chat.gguf", "--host", "0.0.0.0", "--port", "8080"]
