FROM python:3.10
WORKDIR /app
RUN pip install --no-cache-dir transformers accelerate gradio
COPY tokenizer/special_tokens_map.json ./tokenizer/
# label: layer-secret
COPY hf_token.txt /root/.cache/huggingface/token
COPY app.py .
EXPOSE 7860
CMD ["python", "app.py"]
