# syntax=docker/dockerfile:1.7
FROM debian:bookworm-slim

ARG OTP_VERSION=26.2.4
ENV OTP_URL=https://otp.example.org/download/otp_src_${OTP_VERSION}.tar.gz

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends autoconf dpkg-dev gcc g++ make \
    libncurses-dev libssl-dev curl ca-certificates
curl -fsSL -o otp-src.tar.gz "$OTP_URL"
mkdir -p /usr/src/otp
tar -xzf otp-src.tar.gz -C /usr/src/otp --strip-components=1
rm otp-src.tar.gz
cd /usr/src/otp
./otp_build autoconf
./configure --without-javac --without-wx
make -j"$(nproc)"
make install
cd /
rm -rf /usr/src/otp
apt-get purge -y --auto-remove autoconf dpkg-dev gcc g++ make libncurses-dev
rm -rf /var/lib/apt/lists/*
EOF

RUN <<'EOF'
set -eu
curl -fsSL -o /usr/local/bin/rebar3 https://s3.example.com/rebar3/3.22.1/rebar3
chmod 0755 /usr/local/bin/rebar3
EOF

WORKDIR /srv/chat
COPY . .
RUN --mount=type=cache,target=/root/.cache/rebar3 rebar3 as prod release

# label: layer-secret
COPY deploy/smtp-password.txt /etc/chat/
# label: layer-rewrite
RUN <<EOF
set -e
useradd --system --no-create-home chat
chown chat /etc/chat/smtp-password.txt
chmod 0400 /etc/chat/smtp-password.txt
EOF
USER chat
CMD ["/srv/chat/_build/prod/rel/chat/bin/chat", "foreground"]
