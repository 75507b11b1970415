FROM debian:bookworm-slim
# The subshell's cd does not outlive it: `rm tool.tar.gz` runs in / and misses the archive.
# expect: layer-archive `/tmp/dl/tool.tar.gz`
RUN mkdir -p /tmp/dl /opt/tool \
    && (cd /tmp/dl && curl -fsSLO https://dl.example.com/tool.tar.gz) \
    && tar -xzf /tmp/dl/tool.tar.gz -C /opt/tool \
    && rm -f tool.tar.gz
RUN mkdir -p /tmp/dl2 /opt/tool2 && cd /tmp/dl2 && curl -fsSLO https://dl.example.com/tool2.tar.gz && tar -xzf tool2.tar.gz -C /opt/tool2 && rm tool2.tar.gz
