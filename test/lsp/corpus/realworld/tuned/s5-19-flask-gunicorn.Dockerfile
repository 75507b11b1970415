# Modelled on: Flask/Gunicorn service images on python:*-slim
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# label: layer-cache
RUN pip install --upgrade pip setuptools wheel
WORKDIR /srv/api
COPY requirements.txt .
RUN pip install --no-cache -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "api:app"]
