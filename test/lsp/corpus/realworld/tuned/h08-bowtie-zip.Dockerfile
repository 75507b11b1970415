FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /tools
# label: layer-archive
RUN curl -L https://example.org/files/aligner-2.5.1-linux-x86_64.zip -o aligner.zip && \
    unzip aligner.zip && \
    mv aligner-2.5.1-linux-x86_64 aligner
