FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY Shelf.sln .
COPY src/Shelf.Api/Shelf.Api.csproj ./src/Shelf.Api/
COPY src/Shelf.Core/Shelf.Core.csproj ./src/Shelf.Core/
RUN dotnet restore
COPY . .
RUN dotnet publish src/Shelf.Api -c Release -o /app/publish --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled
WORKDIR /app
COPY --from=build /app/publish .
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Shelf.Api.dll"]
