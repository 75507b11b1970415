FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive

# capabilities are set in the same RUN that installs the binary
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        tcpdump \
        tshark \
        iproute2 \
        libcap2-bin; \
    setcap cap_net_raw,cap_net_admin+eip /usr/bin/tcpdump; \
    rm -rf /var/lib/apt/lists/*

COPY --chmod=0755 capture.sh /usr/local/bin/capture

RUN useradd --system --no-create-home capture \
    && mkdir -p /captures \
    && chown capture:capture /captures

USER capture
VOLUME ["/captures"]
ENTRYPOINT ["/usr/local/bin/capture"]
