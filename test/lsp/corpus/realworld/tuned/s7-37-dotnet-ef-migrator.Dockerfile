# Runs EF Core migrations as a Kubernetes Job before the API rolls out.
FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src

# label: layer-cache
RUN dotnet tool install --global dotnet-ef --version 8.0.2
ENV PATH="${PATH}:/root/.dotnet/tools"

COPY Billing.sln ./
COPY src/ ./src/
# label: layer-cache
RUN dotnet build src/Billing.Migrations/Billing.Migrations.csproj -c Release

ENV ConnectionStrings__Billing=""
ENTRYPOINT ["dotnet", "ef", "database", "update", \
            "--project", "src/Billing.Migrations", \
            "--no-build", "--configuration", "Release"]
