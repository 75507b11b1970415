# Modelled on: Alpine Python images compiling wheels (psycopg, cryptography) and dropping the toolchain afterwards
FROM python:3.11-alpine3.19
# label: layer-deleted-later
RUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev libffi-dev
RUN apk add --no-cache libpq
# label: layer-deleted-later
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN apk del .build-deps && rm /tmp/requirements.txt
WORKDIR /app
COPY . .
CMD ["python", "-m", "worker"]
