FROM debian:bookworm

RUN apt-get update && apt-get install -y wget perl fontconfig && rm -rf /var/lib/apt/lists/*

WORKDIR /tmp/texlive
# label: layer-deleted-later
COPY texlive.profile .
# label: layer-archive, layer-deleted-later
RUN wget -q https://mirror.example.org/systems/texlive/tlnet/install-tl-unx.tar.gz \
    && tar -xzf install-tl-unx.tar.gz --strip-components=1
RUN ./install-tl --profile=texlive.profile

# installer no longer needed
WORKDIR /
RUN rm -rf /tmp/texlive

ENV PATH=/usr/local/texlive/2024/bin/x86_64-linux:$PATH
RUN tlmgr install moderncv fontawesome5 latexmk

WORKDIR /cv
COPY resume.tex .
CMD ["latexmk", "-pdf", "resume.tex"]
