FROM debian:bookworm
ARG JULIA_VERSION=1.10.0

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
rm -rf /var/lib/apt/lists/*
EOF

# label: layer-archive
RUN curl -fsSL -o /opt/julia.tar.gz https://example.com/julia/julia-${JULIA_VERSION}-linux-x86_64.tar.gz \
 && tar -xzf /opt/julia.tar.gz -C /opt
ENV PATH=/opt/julia-1.10.0/bin:$PATH

COPY Project.toml Manifest.toml /work/
WORKDIR /work
RUN julia --project=. -e 'using Pkg; Pkg.instantiate()'
