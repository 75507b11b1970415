FROM eclipse-temurin:21-jre
RUN curl -fsSLo /opt/agent.jar https://example.com/otel/agent-2.5.jar
# label: layer-rewrite
RUN chown 1000:1000 /opt/agent.jar
