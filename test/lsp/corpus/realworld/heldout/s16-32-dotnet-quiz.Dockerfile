FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY *.csproj ./
# label: layer-cache
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /app --no-restore
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Quizzr.dll"]
