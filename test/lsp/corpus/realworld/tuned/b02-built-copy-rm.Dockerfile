# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# context: big.bin 250000
# label: layer-deleted-later
# waste: layer-deleted-later 250000 /tmp/big.bin
COPY big.bin /tmp/big.bin
RUN wc -c /tmp/big.bin && rm /tmp/big.bin
