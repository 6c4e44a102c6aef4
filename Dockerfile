# One image for the four fakes; the command picks which one: `pvo-sandbox serve NAME`.
FROM python:3.11-slim

# Pango and fonts for WeasyPrint's PDFs (relevé d'information, certificat, BDC); Chromium for
# `pvo-sandbox replay --screenshot` (the [browser] extra drives it).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl chromium \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY sandbox sandbox
COPY harness harness
COPY fake_centralisateur fake_centralisateur
COPY fake_icare fake_icare
COPY fake_guidewire fake_guidewire
COPY pvo_client pvo_client
COPY fake_pvo2 fake_pvo2
COPY fixtures fixtures
RUN pip install --no-cache-dir '.[postgres,browser]'

COPY deploy/entrypoint.sh /usr/local/bin/sandbox-entrypoint

ENV SANDBOX_DATA_DIR=/data
EXPOSE 8001 8002 8003 8004
# No secret in the image: the admin token comes from SANDBOX_ADMIN_TOKEN (or <FAKE>_ADMIN_TOKEN),
# else the entry point generates one and prints it once; session keys are random per start
# unless <FAKE>_SECRET_KEY is given (docker-compose.yml requires them).
ENTRYPOINT ["sandbox-entrypoint"]
CMD ["pvo-sandbox", "up", "--host", "0.0.0.0"]
