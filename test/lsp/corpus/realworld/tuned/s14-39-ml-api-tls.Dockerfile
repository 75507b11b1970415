FROM python:3.12-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache -r requirements.txt

COPY .env.example ./.env.example
COPY keys/jwt-signing.pub /app/keys/
# label: layer-secret
COPY tls/api.example.com.key /etc/ssl/private/
COPY tls/api.example.com.crt /etc/ssl/certs/

COPY app/ ./app/
EXPOSE 8443
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8443", \
     "--ssl-keyfile", "/etc/ssl/private/api.example.com.key", \
     "--ssl-certfile", "/etc/ssl/certs/api.example.com.crt"]
