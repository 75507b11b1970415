FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY Ledger.csproj ./
# label: layer-cache
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release --no-restore -o /app
WORKDIR /app
EXPOSE 5000
ENTRYPOINT ["dotnet", "Ledger.dll"]
