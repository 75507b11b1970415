FROM python:3.12-slim
RUN pip install --no-cache-dir poetry==1.8.3
WORKDIR /app
COPY pyproject.toml poetry.lock ./
# label: layer-cache
RUN poetry config virtualenvs.create false && poetry install --no-root --only main
