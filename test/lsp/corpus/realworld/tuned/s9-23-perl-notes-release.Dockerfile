FROM debian:bookworm-slim
ENV PERL_MM_USE_DEFAULT=1
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends perl make gcc libc6-dev curl ca-certificates cpanminus; \
    rm -rf /var/lib/apt/lists/*

ARG APP_VERSION=3.2.0
WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO https://releases.example.com/notes/notes-${APP_VERSION}.tar.gz \
    && tar xvfz notes-${APP_VERSION}.tar.gz
# no tests in the image
RUN rm -rf notes-${APP_VERSION}/t notes-${APP_VERSION}/xt

WORKDIR /opt/notes-${APP_VERSION}
RUN cpanm --notest --installdeps . && rm -rf /root/.cpanm
# label: layer-rewrite
RUN chmod 755 script/notes
EXPOSE 8080
CMD ["perl", "script/notes", "daemon", "-l", "http://*:8080"]
