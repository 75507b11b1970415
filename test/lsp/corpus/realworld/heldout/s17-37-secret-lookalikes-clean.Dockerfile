FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY .env.example ./.env.example
COPY keys/jwt-public.pem /etc/authsvc/jwt-public.pem
COPY config/password-policy.json /etc/authsvc/password-policy.json
COPY templates/reset-password.html ./templates/reset-password.html
COPY data/csrf_token.txt ./data/csrf_token.txt
COPY docs/secrets.md ./docs/secrets.md
COPY authsvc/ ./authsvc/
RUN useradd -r -u 1000 authsvc
USER authsvc
EXPOSE 8000
CMD ["uvicorn", "authsvc.main:app", "--host", "0.0.0.0"]
