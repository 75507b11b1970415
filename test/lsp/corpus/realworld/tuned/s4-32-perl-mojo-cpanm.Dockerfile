# Modelled on: Perl web app images (perl slim base, cpanm --installdeps with ~/.cpanm removed, database password file)
FROM perl:5.38-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/tracker
COPY cpanfile .
RUN cpanm --notest --installdeps . && rm -rf /root/.cpanm
COPY lib ./lib
COPY script ./script
COPY templates ./templates
# label: layer-deleted-later
COPY t ./t
RUN prove -lr t && rm -rf t
# label: layer-secret
COPY deploy/pgpass /root/.pgpass
# label: layer-rewrite
RUN chmod 600 /root/.pgpass
EXPOSE 3000
CMD ["perl", "script/tracker", "prefork", "-l", "http://*:3000"]
