# Modelled on: ASP.NET Core images (sdk restore/publish stage, aspnet runtime) with a baked Kestrel certificate
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source
COPY *.sln .
COPY Orders.Api/*.csproj ./Orders.Api/
RUN dotnet restore
COPY Orders.Api/. ./Orders.Api/
WORKDIR /source/Orders.Api
RUN dotnet publish -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /app
COPY --from=build /app ./
# label: layer-secret
COPY certs/orders-api.pfx /https/orders-api.pfx
ENV ASPNETCORE_URLS=https://+:8443 \
    ASPNETCORE_Kestrel__Certificates__Default__Path=/https/orders-api.pfx
EXPOSE 8443
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
