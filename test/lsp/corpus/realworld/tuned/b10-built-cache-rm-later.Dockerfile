# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
COPY --chmod=755 standins/pip /usr/local/bin/pip
# label: layer-cache, layer-deleted-later
# waste: layer-cache 150000 /root/.cache/pip
# waste: layer-deleted-later 150000 /root/.cache/pip
RUN pip install requests
RUN rm -rf /root/.cache/pip
