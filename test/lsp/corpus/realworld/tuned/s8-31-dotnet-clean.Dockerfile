FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source
COPY *.sln .
COPY Scheduler.Api/*.csproj ./Scheduler.Api/
COPY Scheduler.Core/*.csproj ./Scheduler.Core/
RUN dotnet restore
COPY . .
WORKDIR /source/Scheduler.Api
RUN dotnet publish -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /app
COPY --from=build /app ./
# not a secret: production settings without connection strings
COPY appsettings.Production.json ./
ENV ASPNETCORE_URLS=http://+:8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Scheduler.Api.dll"]
