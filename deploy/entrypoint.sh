#!/bin/sh
# The image's entry point: no fake listens beyond loopback with its admin API open. An admin
# token given (SANDBOX_ADMIN_TOKEN for the four fakes, or <FAKE>_ADMIN_TOKEN each) is used;
# none given, one is generated and printed once, here.
set -eu
if [ -z "${SANDBOX_ADMIN_TOKEN:-}" ]; then
  for fake in CENTRALISATEUR ICARE GUIDEWIRE PVO2; do
    if eval "[ -z \"\${${fake}_ADMIN_TOKEN:-}\" ]"; then
      SANDBOX_ADMIN_TOKEN="$(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
      echo "Aucun jeton d'administration donné : jeton généré pour cette exécution :" >&2
      echo "  ${SANDBOX_ADMIN_TOKEN}" >&2
      echo "(donnez SANDBOX_ADMIN_TOKEN pour en garder un d'un démarrage à l'autre)" >&2
      break
    fi
  done
fi
if [ -n "${SANDBOX_ADMIN_TOKEN:-}" ]; then
  for fake in CENTRALISATEUR ICARE GUIDEWIRE PVO2; do
    eval "export ${fake}_ADMIN_TOKEN=\"\${${fake}_ADMIN_TOKEN:-\$SANDBOX_ADMIN_TOKEN}\""
  done
fi
exec "$@"
