FROM python:3.10-slim

RUN apt-get update && apt-get install -y --no-install-recommends unzip libgomp1 \
 && rm -rf /var/lib/apt/lists/*

# the package is used from an unpacked wheel, not installed
# label: layer-archive
COPY dist/inference_kit-0.9.2-py3-none-any.whl /tmp
RUN unzip -q /tmp/inference_kit-0.9.2-py3-none-any.whl -d /opt/inference_kit
RUN find /opt/inference_kit -type d -exec chmod 755 {} +

RUN pip install --no-cache-dir onnxruntime==1.18.1 numpy==1.26.4
ENV PYTHONPATH=/opt/inference_kit

WORKDIR /srv
COPY models/encoder.onnx models/
CMD ["python", "-m", "inference_kit.serve", "--model", "models/encoder.onnx"]
