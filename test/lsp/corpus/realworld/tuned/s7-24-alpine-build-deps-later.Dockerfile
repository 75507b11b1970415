FROM python:3.12-alpine3.19

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app

# compilers for psycopg and friends
# label: layer-cache, layer-deleted-later
RUN apk update && apk add --virtual .build-deps gcc musl-dev postgresql-dev libffi-dev

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

RUN apk del .build-deps && apk add --no-cache libpq

COPY . .
RUN adduser -D -H appuser
USER appuser
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi:application"]
