# syntax=docker/dockerfile:1
FROM debian:bookworm
# The archives are on a cache mount, the package lists are not.
# expect: layer-cache /var/lib/apt/lists
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y build-essential
