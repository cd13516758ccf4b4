"""Sentences of ``ecep-server discover`` and of serving over HTTPS, added to the catalogue."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        "cli.discover.searching": {
            "fr": "Recherche des serveurs eCEP pendant {seconds} s…",
            "en": "Looking for eCEP servers for {seconds} s…",
        },
        "cli.discover.none": {
            "fr": "Aucun serveur eCEP trouvé. Si le réseau bloque la découverte, saisissez "
                  "l'adresse du serveur ou scannez son QR d'appairage.",
            "en": "No eCEP server found. If the network blocks discovery, type the server's "
                  "address or scan its pairing QR.",
        },
        "cli.discover.server": {
            "fr": "{name}\n  id : {server_id}\n  adresse : {url}\n  rôle : {role}\n"
                  "  protocole : {proto}\n  empreinte : {fingerprint}",
            "en": "{name}\n  id: {server_id}\n  url: {url}\n  role: {role}\n"
                  "  protocol: {proto}\n  fingerprint: {fingerprint}",
        },
        "cli.https_certificate": {
            "fr": "HTTPS : certificat {path}, empreinte SHA-256 {fingerprint}",
            "en": "HTTPS: certificate {path}, SHA-256 fingerprint {fingerprint}",
        },
    }
)
