# The hub's image for compose.yaml. Not built in CI: this machine has no Docker engine.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY hub ./hub
COPY adapters ./adapters
COPY schemas ./schemas
RUN pip install --no-cache-dir '.[postgres]'
ENV ICJS_DATA_DIR=/var/lib/icjs-hub
VOLUME /var/lib/icjs-hub
ENTRYPOINT ["icjs-hub"]
