"""The French messages of the BDC file, one per kind of problem, and the format's name."""

from __future__ import annotations

FORMAT = "pvo2-bdc/1"
MAX_TEXT = 200

REQUIRED = "Ce champ est obligatoire"
NULL = "Ce champ ne peut pas être vide (null)"
UNKNOWN = "Ce champ n'existe pas dans le format BDC"
NOT_AN_OBJECT = "Ce champ doit être un objet JSON ({...})"
NOT_A_LIST = "Ce champ doit être une liste JSON ([...])"
NOT_TEXT = "Ce champ doit être un texte"
TOO_LONG = f"Ce champ ne doit pas dépasser {MAX_TEXT} caractères"
CONTROL = "Ce champ contient des caractères non autorisés"
NOT_A_DATE = "Ce champ doit être une date au format JJ/MM/AAAA (ex. 01/12/2021)"
NO_SUCH_DAY = "Le {value} n'existe pas dans le calendrier : vérifiez le jour et le mois"
NOT_AN_HOUR = "Ce champ doit être une heure au format HH:MM (ex. 14:30)"
NOT_AN_AMOUNT = "Ce champ doit être un montant positif en euros (ex. 15 000,00)"
NOT_AN_INTEGER = "Ce champ doit être un nombre entier positif"
NOT_A_BOOLEAN = "Ce champ doit valoir true ou false"
NOT_A_CHOICE = "Ce champ doit valoir l'une de ces valeurs : {choices}"
NOT_A_WARRANTY = (
    "Ce champ doit être une garantie de la fiche véhicule (ex. « Spoticar-Premium 12 mois », "
    "« Spoticar-Essential 6 mois », « DS Certified 24 mois »)"
)
BDC_NUMBER = "Le numéro de BDC ne doit contenir que des chiffres, 20 au plus (ex. 7414134)"
SELLER_CODE = "Le code vendeur ne doit contenir que des chiffres (ex. 103833712)"
OTHER_FORMAT = "Ce fichier est au format « {given} », pas au format attendu « " + FORMAT + " »"
NOT_UTF8 = "Le fichier n'est pas encodé en UTF-8 (octet {position})"
TOO_NESTED = "Le fichier n'est pas un BDC : son JSON est trop imbriqué"
NUMBER_TOO_LONG = "Le fichier contient un nombre de plus de 4 300 chiffres"
NOT_TEXT = (
    "Le fichier contient un caractère impossible à écrire (une moitié de paire UTF-16 seule, "
    "comme \\ud800) : corrigez l'encodage du texte"
)
BAD_STATUS = "Le statut « {given} » ne correspond pas au bon de commande, qui est « {actual} »"
INVALID_JSON = "Le fichier n'est pas un JSON valide (ligne {line}, colonne {column}) : {reason}"
FORMAT_MESSAGES = {
    "is_plate": "L'immatriculation doit être au format AA-123-AA (ou 123 ABC 75 avant 2009)",
    "is_vin": "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q",
    "is_siret": "Le SIRET doit compter 14 chiffres valides (clé de Luhn)",
    "is_ape": "Le code APE doit être au format 45.11Z ou en chiffres (ex. 00111)",
    "is_postal_code": "Le code postal doit être français : 5 chiffres, de 01000 à 95999, 971xx à "
    "976xx ou 98xxx (ex. 75010)",
    "is_phone": "Le téléphone doit être français : 0 suivi de 9 chiffres, le premier de 1 à 9 "
    "(ex. 06 12 34 56 78), ou +33 suivi de ces 9 chiffres",
    "is_email": "L'email doit être une adresse valide (ex. nom@exemple.fr)",
}
