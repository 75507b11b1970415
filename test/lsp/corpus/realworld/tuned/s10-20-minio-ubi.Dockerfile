FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4

ARG MINIO_RELEASE=RELEASE.2024-06-13T22-53-53Z
ENV MINIO_ACCESS_KEY_FILE=access_key \
    MINIO_SECRET_KEY_FILE=secret_key \
    MINIO_CONFIG_ENV_FILE=config.env

RUN microdnf update -y --nodocs \
 && microdnf install -y --nodocs ca-certificates tzdata shadow-utils \
 && microdnf clean all \
 && rm -rf /var/cache/yum

ADD https://dl.example.com/minio/server/minio/archive/minio.${MINIO_RELEASE} /usr/bin/minio
COPY --chmod=0755 mc /usr/bin/mc
# label: layer-rewrite
RUN chmod +x /usr/bin/minio && useradd -r -u 1000 minio

COPY certs/public.crt /home/minio/.minio/certs/public.crt
# label: layer-secret
COPY certs/private.key /home/minio/.minio/certs/private.key

USER minio
EXPOSE 9000 9001
ENTRYPOINT ["/usr/bin/minio"]
CMD ["server", "/data", "--console-address", ":9001"]
