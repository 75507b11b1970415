FROM bioconductor/bioconductor_docker:RELEASE_3_18

RUN apt-get update \
    && apt-get install -y --no-install-recommends libhdf5-dev libglpk40 \
    && rm -rf /var/lib/apt/lists/*

RUN Rscript -e "options(Ncpus = 4); BiocManager::install(c('DESeq2', 'limma', 'edgeR', 'apeglm'), ask = FALSE, update = FALSE)"

WORKDIR /home/rstudio/analysis
COPY --chown=rstudio:rstudio . /home/rstudio/analysis
