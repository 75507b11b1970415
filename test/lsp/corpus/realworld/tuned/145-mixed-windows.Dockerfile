FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command Invoke-WebRequest -OutFile C:\\tool.zip https://example.com/tool.zip ; Expand-Archive C:\\tool.zip -DestinationPath C:\\tool
