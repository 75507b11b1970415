FROM debian:bookworm-slim
ENV BOOTSTRAP_HASKELL_NONINTERACTIVE=1 \
    BOOTSTRAP_HASKELL_MINIMAL=1 \
    PATH=/root/.ghcup/bin:$PATH

# label: layer-cache, layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential curl libffi-dev libgmp-dev libncurses-dev zlib1g-dev ca-certificates
RUN curl --proto '=https' --tlsv1.2 -sSf https://get-ghcup.example.org | sh \
 && ghcup install ghc 9.6.5 --set \
 && ghcup install cabal 3.10.3.0 --set \
 && ghcup gc --cache --tmpdirs

# pandoc for the markdown renderer
# label: layer-archive
RUN curl -fsSLO https://dl.example.com/pandoc/3.2/pandoc-3.2-linux-amd64.tar.gz \
 && tar xf pandoc-3.2-linux-amd64.tar.gz -C /usr/local --strip-components 1

WORKDIR /src/wiki
COPY . .
RUN cabal update \
 && cabal install --installdir=/usr/local/bin --install-method=copy exe:wiki \
 && rm -rf /root/.cabal/packages /root/.cache/cabal dist-newstyle

# curl was only needed for the installer
RUN apt-get purge -y --auto-remove curl
EXPOSE 3000
CMD ["wiki"]
