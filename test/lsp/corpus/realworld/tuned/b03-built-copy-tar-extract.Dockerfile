# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# context-tar: payload.tar payload/data.bin 100000
# label: layer-archive
# waste: layer-archive file:payload.tar /opt/payload.tar
COPY payload.tar /opt/payload.tar
RUN tar -xf /opt/payload.tar -C /opt
