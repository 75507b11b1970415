FROM mcr.microsoft.com/cbl-mariner/base/core:2.0
# label: layer-cache
RUN tdnf install -y ca-certificates tar
