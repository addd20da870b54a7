# The monitor daemon on the embedded SQLite default, its database on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MONITOR_CONFIG=/app/config/monitor.toml \
    MONITOR_DATABASE_URL=sqlite:////data/monitor.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY config ./config
COPY seeds ./seeds
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 monitor \
    && mkdir -p /data \
    && chown monitor:monitor /data

USER monitor
VOLUME ["/data"]
ENTRYPOINT ["monitor"]
CMD ["run"]
