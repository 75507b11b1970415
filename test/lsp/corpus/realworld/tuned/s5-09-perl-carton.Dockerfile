# Modelled on: Perl/Plack web apps installed with cpanm and Carton on the official perl image
FROM perl:5.38-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make libssl-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
RUN cpanm -nq Carton && rm -rf /root/.cpanm
WORKDIR /srv/guestbook
COPY cpanfile cpanfile.snapshot ./
RUN carton install --deployment && rm -rf local/cache /root/.cpanm
# label: layer-deleted-later
COPY . .
RUN rm -rf t/ xt/ .github
EXPOSE 5000
CMD ["carton", "exec", "plackup", "-p", "5000", "app.psgi"]
