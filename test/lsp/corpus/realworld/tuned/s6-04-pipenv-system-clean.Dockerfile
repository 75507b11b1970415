FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LANG=C.UTF-8

WORKDIR /opt/reports

COPY Pipfile Pipfile.lock ./

# Install application requirements into the system interpreter
RUN pip install pipenv==2023.12.1 && \
    pipenv install --deploy --system --ignore-pipfile && \
    pip uninstall -y pipenv && \
    rm -rf /root/.cache

COPY reports ./reports
COPY manage.py ./

RUN adduser --disabled-password --gecos "" reports
USER reports

CMD ["python", "manage.py", "run-scheduler"]
