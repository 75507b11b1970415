FROM condaforge/miniforge3:24.3.0-0
# label: layer-cache, layer-deleted-later
RUN mamba install -y -c conda-forge gdal rasterio
RUN mamba clean --all --yes
