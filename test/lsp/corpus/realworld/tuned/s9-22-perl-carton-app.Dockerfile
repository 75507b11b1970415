FROM perl:5.38-slim AS deps
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libssl-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
RUN cpanm -nq Carton && rm -rf /root/.cpanm
WORKDIR /app
COPY cpanfile cpanfile.snapshot ./
RUN carton install --deployment && rm -rf /root/.cpanm local/cache

FROM perl:5.38-slim
WORKDIR /app
ENV PERL5LIB=/app/local/lib/perl5 PATH=/app/local/bin:$PATH
COPY --from=deps /app/local ./local
COPY --chmod=755 script/ ./script/
COPY lib/ ./lib/
COPY templates/ ./templates/
EXPOSE 3000
CMD ["hypnotoad", "-f", "script/app"]
