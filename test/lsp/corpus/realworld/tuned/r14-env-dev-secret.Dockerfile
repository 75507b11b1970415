FROM python:3.12-slim
WORKDIR /srv
COPY . .
# label: layer-secret
COPY deploy/.env.staging /srv/.env
RUN pip install --no-cache-dir -r requirements.txt
