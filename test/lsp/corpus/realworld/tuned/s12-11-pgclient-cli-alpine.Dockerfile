# Interactive Postgres client shipped as an image
FROM python:3.12-alpine

# label: layer-cache
RUN apk add --update postgresql16-client less
RUN pip install --no-cache pgclient-cli==4.1.0 psycopg[binary]==3.2.1

COPY pgclientrc /root/.config/pgclient/config
# label: layer-secret
COPY .pgpass /root/.pgpass
# label: layer-rewrite
RUN chmod 600 /root/.pgpass

ENV PAGER=less
ENTRYPOINT ["pgclient"]
