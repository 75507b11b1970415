# Modelled on: .NET sample Dockerfiles (restore as its own layer, publish) built and run in the SDK image
FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /source
COPY *.sln .
COPY Api/*.csproj ./Api/
# label: layer-cache
RUN dotnet restore
COPY Api/. ./Api/
WORKDIR /source/Api
# label: layer-deleted-later
RUN dotnet publish -c Release -o /app --no-restore
RUN rm -rf bin
WORKDIR /app
ENTRYPOINT ["dotnet", "Api.dll"]
