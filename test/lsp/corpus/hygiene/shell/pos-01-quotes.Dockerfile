FROM debian:bookworm-slim
# expect: layer-cache `apt-get update`
RUN "apt-get" 'update' && apt-get install -y "curl"
# expect: layer-deleted-later `/opt/data/my file.bin`
COPY ["my file.bin", "/opt/data/my file.bin"]
RUN rm -f '/opt/data/my file.bin' "/opt/data/other file.bin"
