FROM python:3.12
# label: layer-cache, layer-deleted-later
RUN pip install numpy pandas
RUN pip cache purge
