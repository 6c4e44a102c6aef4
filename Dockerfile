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

ENV SANDBOX_DATA_DIR=/data
EXPOSE 8001 8002 8003 8004
CMD ["pvo-sandbox", "up", "--host", "0.0.0.0"]
