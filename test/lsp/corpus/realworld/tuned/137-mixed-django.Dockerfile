FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /code
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt
COPY . .
RUN python manage.py collectstatic --noinput
