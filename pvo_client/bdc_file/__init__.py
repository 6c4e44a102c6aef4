"""A bon de commande as a JSON file: what PVO² knows of a BDC, open or closed, in one document.

Fixtures, support cases and the CLI exchange BDCs in this format; loading checks every value
the way the back offices will (plates, VINs, SIRET, postal codes, phones) and names the bad
field in French, so a malformed file is fixed before anything is sent.

Format `pvo2-bdc/1`. Keys are French, as PVO² labels them. Dates are `JJ/MM/AAAA` as PVO²
shows them (ISO `AAAA-MM-JJ` is also read). Amounts are euros TTC as strings, written
`"15 000,00"` (`"15000.00"` or a JSON number also read). Unknown keys are refused. `?` marks an
optional key, which may also be `null`.

    format?         "pvo2-bdc/1"
    numero          BDC number, e.g. "7414134"
    date            day the BDC was generated ("BDC édité le")
    statut?         "En cours", "Clôturé" or "Annulé"; checked against livraison and annule
    annule?         true once "Annuler la commande" was used (false by default)
    date_cloture?   day of "Clôturer" ("BDC clôturé le")
    site            Fiche d'identité du site:
                      code, code_constructeur?, libelle, raison_sociale,
                      siret (14 digits, Luhn), ape ("45.11Z" or "00111"), capital (integer),
                      type_societe, code_rrdi? (code RRDI Spoticar, "953617Z"),
                      marques? (list), adresse, telephone?,
                      garantisseurs? (labels of the Garantisseur list; both plugins if absent),
                      profil? (Centralisateur Profil: icare_id, autogarantie?, cirano?,
                      cirano_id?, code_t?)
    vendeur         nom, email, code (seller number, digits; "SP" + code RRDI + code is the
                    Centralisateur's "Vendeur véhicule d'occasion")
    client          civilite ("Monsieur", "Madame"), nom, prenom, adresse, telephone_fixe?,
                    telephone_mobile?, email?, date_naissance?, lieu_naissance?,
                    nom_naissance?, nationalite?, pays_naissance?, pays_residence? ("France"
                    by default), consentements? (among "email", "telephone", "sms",
                    "courrier"), co_titulaire? (civilite, nom, prenom)
    vehicule        marque, modele, version, immatriculation ("AA-123-AA" or FNI),
                    vin? (17 characters, no I/O/Q), numero_police (N° d'entrée ou de police),
                    genre (J.1 "VP", "CTTE"... or PVO²'s "Voitures"), energie ("Essence",
                    "Diesel", "Electrique"...), boite ("Manuelle", "Automatique", "Robotisée"),
                    date_mec, km, puissance_fiscale, puissance_din, cylindree?,
                    label? ("SPOTICAR", "DS CERTIFIED", "ALFA ROMEO CERTIFIED"), garantie?
                    ("Spoticar-Premium 12 mois", "Spoticar-Essential 6 mois", "DS Certified 24
                    mois", "Alfa Romeo Certified 12 mois"...), date_dernier_ct?,
                    teinte?, provenance?, premiere_main?, quatre_quatre?,
                    km_garantie_constructeur?, cote?
    offre           numero, date_creation (valid 7 days from it), prix_ttc,
                    produits_additionnels? (list of libelle, prix_ttc, fidelisation? =
                    "Contrat d'entretien" or "Extension de garantie"), origine_vente?
                    ("Showroom" by default, "Site internet", "Téléphone",
                    "Salon / événement", "Test"), valeur_reprise?, commentaire?
    livraison?      date (its presence closes the BDC), heure? ("HH:MM"),
                    site? (place; the site's libellé by default)

An `adresse` is `ligne`, `complement`?, `code_postal` (5 digits), `ville`. Phones are French
(`06 12 34 56 78` or `+33`). Errors come as `BdcFileError.errors`, pairs (path, message) where
the path names the field: `vehicule.vin`, `offre.produits_additionnels[0].prix_ttc`.

The package is split by concern: `messages` (the French words of every refusal), `fields` (how
one value is read and written), `schema` (the format's layout and the checks across fields),
`loading` (files and text in and out, `BdcFileError`).
"""

from __future__ import annotations

from pvo_client.bdc_file.loading import (
    BdcFileError,
    dump_bdc,
    dumps_bdc,
    load_bdc,
    loads_bdc,
    read_bdc,
    writable,
    write_bdc,
)
from pvo_client.bdc_file.messages import FORMAT

__all__ = [
    "FORMAT",
    "BdcFileError",
    "dump_bdc",
    "dumps_bdc",
    "load_bdc",
    "loads_bdc",
    "read_bdc",
    "writable",
    "write_bdc",
]
