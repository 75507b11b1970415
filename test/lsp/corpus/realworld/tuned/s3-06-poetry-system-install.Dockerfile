# Modelled on: FastAPI/poetry application images that install into the system interpreter (POETRY_* settings)
FROM python:3.11-slim
ENV POETRY_VERSION=1.8.3 \
    POETRY_VIRTUALENVS_CREATE=false \
    POETRY_NO_INTERACTION=1
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION"
WORKDIR /code
COPY pyproject.toml poetry.lock ./
# label: layer-cache
RUN poetry install --only main --no-root
COPY app ./app
EXPOSE 8080
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"]
