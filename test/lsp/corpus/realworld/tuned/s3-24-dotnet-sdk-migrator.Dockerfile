# Modelled on: .NET migration/CI images that ship the SDK stage (dotnet tool install, restore inside the final image)
FROM mcr.microsoft.com/dotnet/sdk:8.0-jammy
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
# label: layer-cache
RUN dotnet tool install --global dotnet-ef --version 8.0.6
ENV PATH="$PATH:/root/.dotnet/tools"
WORKDIR /src
COPY Billing.sln ./
COPY Billing.Data/Billing.Data.csproj Billing.Data/
# label: layer-cache
RUN dotnet restore Billing.sln
COPY . .
COPY --chmod=755 scripts/migrate.sh /usr/local/bin/migrate
ENTRYPOINT ["migrate"]
