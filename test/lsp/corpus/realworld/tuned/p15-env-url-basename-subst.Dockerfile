FROM debian:bookworm-slim
ENV HELM_URL=https://get.example.com/helm/helm-v3.15.2-linux-amd64.tar.gz
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /tmp
# the archive's name comes from a command substitution over the ENV URL
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "${HELM_URL}" \
 && tar -xzf "$(basename "${HELM_URL}")" --strip-components=1 -C /usr/local/bin linux-amd64/helm
# removed in its own RUN: the download above still ships
RUN rm -f "/tmp/$(basename "$HELM_URL")"
ENTRYPOINT ["helm"]
