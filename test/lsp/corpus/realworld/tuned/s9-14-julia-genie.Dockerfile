FROM julia:1.10-bookworm

ENV JULIA_DEPOT_PATH=/opt/julia-depot \
    JULIA_PKG_PRECOMPILE_AUTO=0

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends build-essential git \
    && apt-get clean

WORKDIR /app
COPY Project.toml Manifest.toml ./
RUN julia --project=. -e 'using Pkg; Pkg.instantiate(); Pkg.precompile()' \
    && rm -rf /opt/julia-depot/registries /opt/julia-depot/logs

COPY src src
COPY scripts/serve.jl ./
# label: layer-rewrite
RUN chmod 755 serve.jl
# label: layer-secret
COPY .secrets/gcs-service-account.json /app/
EXPOSE 8000
CMD ["julia", "--project=.", "serve.jl"]
