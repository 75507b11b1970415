FROM debian:bookworm-slim
RUN set -eux; \
    curl -fsSL -o /tmp/tool.deb https://dl.example.com/tool.deb; \
    dpkg -i /tmp/tool.deb; \
    rm -f /tmp/tool.deb
RUN cat > /tmp/setup.sh <<'EOS' && sh /tmp/setup.sh && rm /tmp/setup.sh
echo configuring
EOS
