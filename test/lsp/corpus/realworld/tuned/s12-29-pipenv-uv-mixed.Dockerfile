FROM python:3.11-bookworm AS base
RUN pip install --no-cache-dir pipenv==2024.0.1
WORKDIR /app
COPY Pipfile Pipfile.lock ./
# label: layer-cache
RUN pipenv install --system --deploy
COPY . .
# editable install of the app itself
# label: layer-cache
RUN pip install uv && uv pip install --system -e .
CMD ["python", "-m", "timesheets"]
