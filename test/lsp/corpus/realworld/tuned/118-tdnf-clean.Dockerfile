FROM mcr.microsoft.com/azurelinux/base/core:3.0
RUN tdnf install -y ca-certificates && tdnf clean all
