FROM python:3.12-alpine
# label: layer-deleted-later
RUN apk add --no-cache --virtual .build gcc musl-dev libffi-dev
COPY requirements.txt /tmp/
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN apk del .build
