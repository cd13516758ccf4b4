"""Sentences of the plain-HTTP attendance page listener, added to the catalogue."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        "https_required": {
            "fr": "Cette adresse ne sert que la page de présence des QR codes. Pour tout le "
                  "reste, utilisez l'adresse sécurisée du serveur : {https_url}",
            "en": "This address only serves the attendance page of the QR codes. For "
                  "anything else, use the server's secure address: {https_url}",
        },
        "cli.qr_page_port_taken": {
            "fr": "Le port {port} de la page de présence en HTTP (ECEP_QR_PAGE_PORT) est déjà "
                  "utilisé sur {host}. Choisissez-en un autre (par exemple "
                  "ECEP_QR_PAGE_PORT={suggestion}), ou 0 pour ne pas l'ouvrir : les "
                  "téléphones sans l'application verront alors un avertissement de certificat.",
            "en": "Port {port} of the plain-HTTP attendance page (ECEP_QR_PAGE_PORT) is "
                  "already in use on {host}. Choose another (for example "
                  "ECEP_QR_PAGE_PORT={suggestion}), or 0 not to open it: phones without "
                  "the app will then see a certificate warning.",
        },
        "cli.qr_page_serving": {
            "fr": "Page de présence des QR codes aussi en HTTP sur http://{host}:{port}/a/… "
                  "(rien d'autre sur ce port)",
            "en": "Attendance QR page also over plain HTTP on http://{host}:{port}/a/… "
                  "(nothing else on that port)",
        },
        "cli.qr_page_workers": {
            "fr": "Plusieurs workers : la page de présence reste en HTTPS seulement "
                  "(les téléphones sans l'application verront un avertissement de certificat).",
            "en": "Several workers: the attendance page stays HTTPS only (phones without "
                  "the app will see a certificate warning).",
        },
    }
)
