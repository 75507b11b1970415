# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
COPY --chmod=755 standins/apt-get /usr/local/bin/apt-get
# label: layer-cache
# waste: layer-cache 200000 /var/lib/apt/lists
RUN apt-get update && apt-get install -y curl
