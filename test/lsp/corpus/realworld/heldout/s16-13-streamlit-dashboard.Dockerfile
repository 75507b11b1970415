FROM python:3.10-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# label: layer-secret
COPY .streamlit/secrets.toml /app/.streamlit/secrets.toml
COPY .streamlit/config.toml /app/.streamlit/config.toml
EXPOSE 8501
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0"]
