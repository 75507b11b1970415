FROM ubuntu:22.04

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends wget ca-certificates openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*

ARG FIZZ_VERSION=1.4.2
# label: layer-archive
RUN wget https://example.com/releases/fizz-${FIZZ_VERSION}.tar.gz \
    && tar -xzf fizz-${FIZZ_VERSION}.tar.gz -C /opt

ENV PATH=/opt/fizz-${FIZZ_VERSION}/bin:$PATH
CMD ["fizz", "--help"]
