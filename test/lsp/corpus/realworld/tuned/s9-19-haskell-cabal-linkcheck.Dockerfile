FROM haskell:9.4.8

RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/linkcheck
COPY linkcheck.cabal cabal.project ./
RUN cabal update \
    && cabal build --only-dependencies -j \
    && rm -rf /root/.cabal/packages /root/.cache/cabal dist-newstyle

# label: layer-deleted-later
COPY . .
RUN cabal install --installdir=/usr/local/bin --install-method=copy \
    && rm -rf /root/.cabal/packages /root/.cache/cabal dist-newstyle

# the test suite and benchmarks are not needed at run time
RUN rm -rf test bench
ENTRYPOINT ["linkcheck"]
