# Modelled on: ASP.NET Core images (sdk build stage, aspnet runtime) serving HTTPS from a mounted certificate
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY Inventory.Api/Inventory.Api.csproj Inventory.Api/
RUN dotnet restore Inventory.Api/Inventory.Api.csproj
COPY . .
RUN dotnet publish Inventory.Api/Inventory.Api.csproj -c Release -o /app/publish /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /app
COPY --from=build /app/publish .
# label: layer-secret
COPY certs/inventory-api.pfx /https/inventory-api.pfx
ENV ASPNETCORE_Kestrel__Certificates__Default__Path=/https/inventory-api.pfx
ENTRYPOINT ["dotnet", "Inventory.Api.dll"]
