FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY . .
# label: layer-cache
RUN dotnet publish -c Release -o /app
WORKDIR /app
ENTRYPOINT ["dotnet", "Api.dll"]
