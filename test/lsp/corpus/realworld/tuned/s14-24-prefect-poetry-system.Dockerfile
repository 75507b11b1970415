FROM python:3.12-slim

ENV POETRY_VIRTUALENVS_CREATE=false \
    POETRY_NO_INTERACTION=1
RUN pip install --no-cache-dir poetry==1.8.3

WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root && rm -rf /root/.cache/pypoetry

COPY src/ ./src/
# label: layer-rewrite
RUN useradd -r -u 1001 prefect && chown -R prefect /app/src
USER prefect
CMD ["python", "-m", "src.deploy"]
