# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# context: id_ed25519 4000
# label: layer-secret
# waste: layer-secret 4000 /root/.ssh/id_ed25519
COPY id_ed25519 /root/.ssh/id_ed25519
CMD ["sh"]
