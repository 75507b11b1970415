# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# label: layer-archive
# waste: layer-archive analyze /tmp/data.tar
RUN mkdir -p /data /opt /tmp && dd if=/dev/zero of=/data/blob bs=1000 count=80 2>/dev/null \
    && tar -cf /tmp/data.tar -C /data blob \
    && tar -xf /tmp/data.tar -C /opt
