FROM continuumio/miniconda3
# label: layer-cache
RUN conda install -y -c conda-forge xarray netcdf4 && conda clean --index-cache
