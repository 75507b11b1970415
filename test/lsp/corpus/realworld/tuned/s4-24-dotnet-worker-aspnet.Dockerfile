# Modelled on: .NET multi-stage images (sdk build with a nuget.config, aspnet runtime) that ship settings beside the app
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY nuget.config .
COPY Worker/Worker.csproj Worker/
RUN dotnet restore Worker/Worker.csproj --configfile nuget.config
COPY Worker/ Worker/
RUN dotnet publish Worker/Worker.csproj -c Release -o /out --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /app
COPY --from=build /out .
# label: layer-secret
COPY deploy/appsettings.Production.json deploy/gcp-credentials.json ./
ENV GOOGLE_APPLICATION_CREDENTIALS=/app/gcp-credentials.json
USER app
ENTRYPOINT ["dotnet", "Worker.dll"]
