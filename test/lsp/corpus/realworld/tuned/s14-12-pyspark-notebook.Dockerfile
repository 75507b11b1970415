FROM python:3.11-slim-bookworm

ARG SPARK_VERSION=3.5.1
ARG HADOOP_PROFILE=3
ENV SPARK_HOME=/opt/spark
ENV SPARK_TGZ_URL=https://archive.example.org/spark/spark-${SPARK_VERSION}/spark-${SPARK_VERSION}-bin-hadoop${HADOOP_PROFILE}.tgz

RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl procps \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /tmp
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "$SPARK_TGZ_URL" \
    && tar -xzf spark-${SPARK_VERSION}-bin-hadoop${HADOOP_PROFILE}.tgz \
    && mv spark-${SPARK_VERSION}-bin-hadoop${HADOOP_PROFILE} ${SPARK_HOME}
RUN rm -rf ${SPARK_HOME}/examples ${SPARK_HOME}/data

# label: layer-cache
RUN pip install pyspark==${SPARK_VERSION} jupyterlab==4.2.1 pandas pyarrow

ENV PATH=${SPARK_HOME}/bin:${PATH} PYSPARK_PYTHON=python3
WORKDIR /home/notebook
EXPOSE 8888 4040
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]
