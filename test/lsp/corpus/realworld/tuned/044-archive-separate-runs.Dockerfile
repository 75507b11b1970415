FROM ubuntu:20.04
# label: layer-archive, layer-deleted-later
RUN wget https://example.org/dl/server-7.0.12.zip
RUN unzip server-7.0.12.zip
RUN rm server-7.0.12.zip
