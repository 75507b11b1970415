FROM python:3.12-slim
WORKDIR /srv
# expect: layer-secret `.env.production` (an environment file
COPY .env.production /srv/.env
# expect: layer-secret `config/credentials.json` (a credentials file)
COPY config/credentials.json /srv/config/
# expect: layer-secret AWS credentials
COPY aws-credentials /root/.aws/credentials
