FROM debian:bookworm-slim
# label: layer-archive
RUN bash <<'SCRIPT'
set -euo pipefail
cd /opt
curl -fsSLO https://example.com/agent/agent-3.1.tar.gz
tar -xzf agent-3.1.tar.gz
SCRIPT
