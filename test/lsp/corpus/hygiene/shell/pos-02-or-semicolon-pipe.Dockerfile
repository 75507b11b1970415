FROM ubuntu:24.04
# expect: layer-cache `apt-get update`
# expect: layer-deleted-later The RUN on line 5 removes apt's package lists
RUN apt-get update || (sleep 5; apt-get update); apt-get install -y nginx | tee /var/log/install.log
RUN apt-get update -q && apt-get install -y vim || true; rm -rf /var/lib/apt/lists/*
