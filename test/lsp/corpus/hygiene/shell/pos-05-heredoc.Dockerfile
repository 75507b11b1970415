# syntax=docker/dockerfile:1
FROM node:20-slim
# expect: layer-cache `npm ci`
RUN <<EOF
set -e
cd /usr/src/app
npm ci
EOF
RUN cat <<'EOS' > /etc/motd
apt-get update
pip install everything
EOS
# expect: layer-cache `yarn install`
RUN bash <<EOF
yarn install --frozen-lockfile
EOF
