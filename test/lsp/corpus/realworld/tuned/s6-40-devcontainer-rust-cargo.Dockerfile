FROM rust:1.79-bookworm

ARG MOLD_VERSION=2.32.1

RUN curl -fsSL https://cli.example.com/packages/githubcli-archive-keyring.gpg -o /usr/share/keyrings/githubcli-archive-keyring.gpg \
    && chmod go+r /usr/share/keyrings/githubcli-archive-keyring.gpg \
    && echo "deb [arch=amd64 signed-by=/usr/share/keyrings/githubcli-archive-keyring.gpg] https://cli.example.com/packages stable main" > /etc/apt/sources.list.d/github-cli.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends gh lldb \
    && rm -rf /var/lib/apt/lists/*

# label: layer-archive
RUN cd /tmp \
    && wget -q "https://github.example.com/rui314/mold/releases/download/v${MOLD_VERSION}/mold-${MOLD_VERSION}-x86_64-linux.tar.gz" \
    && tar xvfz "mold-${MOLD_VERSION}-x86_64-linux.tar.gz" \
    && cp -r "mold-${MOLD_VERSION}-x86_64-linux/"* /usr/local/ \
    && rm -rf "mold-${MOLD_VERSION}-x86_64-linux"

# label: layer-cache
RUN cargo install cargo-watch@8.5.2 sqlx-cli@0.7.4 --locked

RUN useradd --create-home --shell /bin/bash dev
USER dev
WORKDIR /workspaces
