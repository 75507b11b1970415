FROM debian:bookworm-slim
ARG WITH_TOOLS=1
# expect: layer-cache `apt-get update`
RUN set -e; \
    install_deps() { apt-get update && apt-get install -y --no-install-recommends "$@"; }; \
    if [ "$WITH_TOOLS" = 1 ]; then install_deps curl; else echo skipped; fi
# expect: layer-cache `apk update`
RUN case "$(uname -m)" in \
      x86_64) apk update ;; \
      *) echo "no index" ;; \
    esac
