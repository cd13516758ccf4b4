"""Message keys of day attendance (arrival/departure scans, personal QR sessions, cards,
kiosks). Imported by the service, so present whenever it is."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        # -- answers to a scan ------------------------------------------------------------
        "day.check_in": {
            "fr": "Arrivée enregistrée à {time}",
            "en": "Arrival recorded at {time}",
        },
        "day.check_out": {
            "fr": "Sortie enregistrée à {time} ({hours} h)",
            "en": "Departure recorded at {time} ({hours} h)",
        },
        "already_checked_out": {
            "fr": "Vous avez déjà pointé aujourd'hui (arrivée : {check_in}, sortie : {check_out})",
            "en": "You have already checked in and out today (arrival: {check_in}, "
            "departure: {check_out})",
        },
        "too_soon": {
            "fr": "Sortie refusée : arrivée à {check_in}, il faut attendre au moins "
            "{minutes} min avant de pointer la sortie.",
            "en": "Departure refused: arrived at {check_in}, wait at least {minutes} min "
            "before checking out.",
        },
        # -- personal QR sessions ---------------------------------------------------------
        "qr_session_expired": {
            "fr": "Ce code QR personnel a expiré ; demandez-en un nouveau.",
            "en": "This personal QR code has expired; ask for a new one.",
        },
        "qr_session_used": {
            "fr": "Ce code QR personnel a déjà servi ; demandez-en un nouveau.",
            "en": "This personal QR code has already been used; ask for a new one.",
        },
        "qr_session_unknown": {
            "fr": "Ce code QR personnel n'est pas reconnu.",
            "en": "This personal QR code is not recognised.",
        },
        "qr_session_not_yours": {
            "fr": "Ce code QR personnel a été créé pour une autre personne.",
            "en": "This personal QR code was made for someone else.",
        },
        # -- cards and kiosks -------------------------------------------------------------
        "card_revoked": {
            "fr": "Cette carte a été révoquée.",
            "en": "This card has been revoked.",
        },
        "card_invalid": {
            "fr": "Carte non reconnue.",
            "en": "Card not recognised.",
        },
        "card_not_found": {
            "fr": "Cette carte n'existe pas.",
            "en": "This card does not exist.",
        },
        "scan_in_future": {
            "fr": "L'heure de ce passage est dans le futur : vérifiez l'horloge de la borne.",
            "en": "This scan's time is in the future: check the kiosk's clock.",
        },
        "kiosk_invalid": {
            "fr": "Borne non reconnue ou révoquée.",
            "en": "Kiosk not recognised or revoked.",
        },
        "kiosk_not_found": {
            "fr": "Cette borne n'existe pas.",
            "en": "This kiosk does not exist.",
        },
        "admin_or_kiosk_required": {
            "fr": "Réservé à un administrateur ou à une borne enregistrée.",
            "en": "For an administrator or a registered kiosk only.",
        },
    }
)
