# syntax=docker/dockerfile:1
FROM alpine:3.19

RUN apk add --no-cache bash curl jq git

COPY <<'EOF' /usr/local/bin/plugin-notify
#!/bin/bash
set -euo pipefail
: "${PLUGIN_WEBHOOK:?webhook url required}"
payload=$(jq -n --arg repo "$CI_REPO" --arg status "$CI_PIPELINE_STATUS" \
  '{text: ("Pipeline for " + $repo + " finished: " + $status)}')
curl -fsS -X POST -H 'Content-Type: application/json' -d "$payload" "$PLUGIN_WEBHOOK"
EOF

# label: layer-rewrite
RUN chmod +x /usr/local/bin/plugin-notify

ENTRYPOINT ["/usr/local/bin/plugin-notify"]
