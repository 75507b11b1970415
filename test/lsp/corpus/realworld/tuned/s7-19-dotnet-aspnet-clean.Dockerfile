# https://hub.docker.com/_/microsoft-dotnet
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source

# copy csproj and restore as distinct layers
COPY *.sln .
COPY Catalog.Api/*.csproj ./Catalog.Api/
COPY Catalog.Domain/*.csproj ./Catalog.Domain/
RUN dotnet restore

# copy everything else and build app
COPY Catalog.Api/. ./Catalog.Api/
COPY Catalog.Domain/. ./Catalog.Domain/
WORKDIR /source/Catalog.Api
RUN dotnet publish -c Release -o /app --no-restore

# final stage/image
FROM mcr.microsoft.com/dotnet/aspnet:8.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY certs/internal-ca.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates
HEALTHCHECK CMD curl -fs http://localhost:8080/healthz || exit 1
USER app
ENTRYPOINT ["dotnet", "Catalog.Api.dll"]
