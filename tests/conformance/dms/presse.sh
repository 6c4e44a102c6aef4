#!/usr/bin/env bash
# "Garage Pressé": a DMS in shell and curl, written from the README's curl examples only. It
# declares six vehicles of its own, in a hurry; its known mistakes are listed beside it, in
# presse.erreurs.json, one per vehicle:
#   ZFA31200000765432  sends its first call with an old password (401)
#   WF0XXXGCDX1234567  sends its dates as its database holds them (2026-11-30)
#   VF7SXHMZ6KT112233  sends a field of its own the form does not have (kilometrage_compteur)
#   TMBJJ7NE8L0445566  retries 0.2 s after a 503 that said Retry-After: 1
#   WVWZZZAWZKU778899  declares a vehicle it already declared (refused CONTRACT_IN_FORCE)
#   VF1KW0B0H55990011  never corrects a refusal (birth data missing): the dealer is never told
#
# Run: CENTRALISATEUR_URL=… DEALER=953617Z PASSWORD=spoticar bash presse.sh
set -euo pipefail

API="${CENTRALISATEUR_URL%/}/api/v1"
USER_PASS="${DEALER:-953617Z}:${PASSWORD:-spoticar}"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
DELIVERY=$(date -d '5 days ago' +%d/%m/%Y)
END=$(date -d '5 days ago + 6 months' +%d/%m/%Y)
FIRST=$(date -d '3 years ago' +%d/%m/%Y)

# call METHOD PATH [JSON] [USER:PASS]: the status on stdout, the answer in $OUT
call() {
  if [ -n "${3:-}" ]; then
    curl -s -o "$OUT" -w '%{http_code}' -u "${4:-$USER_PASS}" -X "$1" \
         -H 'Content-Type: application/json' --data "$3" "$API$2"
  else
    curl -s -o "$OUT" -w '%{http_code}' -u "$USER_PASS" -X "$1" "$API$2"
  fi
}

# the declaration's id in the last answer
answer_id() {
  grep -o '"id": *"[^"]*"' "$OUT" | head -n 1 | cut -d'"' -f4
}

# fields VIN PLATE MAKE MODEL NAME [DELIVERY] [FIRST] [BIRTH]: the form's values for a vehicle
fields() {
  local birth=""
  if [ "${8:-yes}" = yes ]; then
    birth='"date_naissance": "03/09/1972", "lieu_naissance": "Lille", "pays_naissance": "France",'
  fi
  cat <<JSON
{"vendeur": "SP953617Z000777", "origine_vente": "Téléphone", "civilite": "Monsieur",
 "nom": "$5", "prenom": "Karim", "adresse": "8 quai de la Loire", "code_postal": "75019",
 "ville": "PARIS", "pays_residence": "France", "nationalite": "France", $birth
 "type_vehicule": "VP", "energie": "DIESEL", "immatriculation": "$2",
 "date_premiere_immat": "${7:-$FIRST}", "puissance_din": "110", "km_vente": "52000",
 "date_livraison": "${6:-$DELIVERY}", "km_garantie_constructeur": "100000", "marque": "$3",
 "modele": "$4", "version": "Business", "vin": "$1", "prix_vente": "12 300,00",
 "garantie": "SPOTICAR ESSENTIAL", "duree": "6", "date_debut_garantie": "${6:-$DELIVERY}",
 "date_fin_garantie": "$END", "produit_fidelisation": "Aucun"}
JSON
}

# declare FIELDS: create the draft, then submit it; prints the submission's status
declare_vehicle() {
  local status
  status=$(call POST /declarations "{\"commercial_warranty\": \"spoticar\", \"fields\": $1}")
  [ "$status" = 201 ] || { echo "brouillon refusé : $status $(cat "$OUT")" >&2; exit 1; }
  call POST "/declarations/$(answer_id)/submit"
}

admin_fault() {
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
       --data "$1" "${CENTRALISATEUR_URL%/}/__admin/faults"
}

call PUT /profile '{"icare_id": "IC-953617"}' >/dev/null

# 1. An old password in the configuration file, fixed by hand after the 401.
ALFA=$(fields ZFA31200000765432 DA-117-RT FIAT TIPO Benali)
status=$(call POST '/declarations?submit=true' "{\"commercial_warranty\": \"spoticar\", \"fields\": $ALFA}" "${DEALER:-953617Z}:ancien-mot-de-passe")
[ "$status" = 401 ] || { echo "401 attendu, reçu $status" >&2; exit 1; }
status=$(call POST '/declarations?submit=true' "{\"commercial_warranty\": \"spoticar\", \"fields\": $ALFA}")
echo "ZFA31200000765432 : $status"

# 2. Dates as the database holds them.
ISO_DELIVERY=$(date -d '5 days ago' +%Y-%m-%d)
ISO_FIRST=$(date -d '3 years ago' +%Y-%m-%d)
echo "WF0XXXGCDX1234567 : $(declare_vehicle "$(fields WF0XXXGCDX1234567 CB-552-TT FORD FOCUS Roux "$ISO_DELIVERY" "$ISO_FIRST")")"

# 3. A field of its own; the draft is refused (422), sent again without it.
PEUGEOT=$(fields VF7SXHMZ6KT112233 FE-310-AB CITROEN BERLINGO Faure)
status=$(call POST /declarations "{\"commercial_warranty\": \"spoticar\", \"fields\": ${PEUGEOT%\}}, \"kilometrage_compteur\": \"52000\"}}")
[ "$status" = 422 ] || { echo "422 attendu, reçu $status" >&2; exit 1; }
echo "VF7SXHMZ6KT112233 : $(declare_vehicle "$PEUGEOT")"

# 4. The Centralisateur is saturated: retried after 0.2 s, whatever Retry-After says.
admin_fault '{"path": "/api/v1/declarations", "method": "POST", "action": "status", "status": 503, "times": 1}'
SKODA=$(fields TMBJJ7NE8L0445566 GK-448-SD SKODA OCTAVIA Petit)
status=$(call POST /declarations "{\"commercial_warranty\": \"spoticar\", \"fields\": $SKODA}")
[ "$status" = 503 ] || { echo "503 attendu, reçu $status" >&2; exit 1; }
sleep 0.2
status=$(call POST /declarations "{\"commercial_warranty\": \"spoticar\", \"fields\": $SKODA}")
echo "TMBJJ7NE8L0445566 : $(call POST "/declarations/$(answer_id)/submit")"

# 5. Declared, then declared again by the night's batch: refused, the vehicle is covered.
VW=$(fields WVWZZZAWZKU778899 EH-921-VW VOLKSWAGEN POLO Mercier)
echo "WVWZZZAWZKU778899 : $(declare_vehicle "$VW")"
sleep 0.2
echo "WVWZZZAWZKU778899 de nouveau : $(declare_vehicle "$VW")"

# 6. No birth data on the BDC: refused (422), and left there.
DACIA=$(fields VF1KW0B0H55990011 FM-602-DC DACIA SANDERO Blanc "" "" no)
echo "VF1KW0B0H55990011 : $(declare_vehicle "$DACIA")"
