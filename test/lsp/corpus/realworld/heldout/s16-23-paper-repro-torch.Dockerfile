# reproduces table 2 of the paper
FROM pytorch/pytorch:2.1.0-cuda11.8-cudnn8-runtime
WORKDIR /workspace/repro

# label: layer-cache
RUN apt-get update && apt-get install -y git wget unzip

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# label: layer-archive
RUN wget -q https://example.org/data/checkpoints.zip && unzip checkpoints.zip -d checkpoints

COPY . .
CMD ["python", "eval.py", "--ckpt", "checkpoints/best.pt"]
