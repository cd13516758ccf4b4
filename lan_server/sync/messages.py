"""Sentences of the sync with the hub (API problems, status, CLI), added to the catalogue."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        "sync_incompatible": {
            "fr": "Version de synchronisation incompatible : ce pair parle le protocole "
                  "{peer_protocol} avec le schéma {peer_schema}, il faut le protocole {protocol} "
                  "avec un schéma entre {low} et {high}. Mettez à jour le serveur le plus ancien.",
            "en": "Incompatible sync version: this peer speaks protocol {peer_protocol} with "
                  "schema {peer_schema}; protocol {protocol} with a schema between {low} and "
                  "{high} is needed. Update the older server.",
        },
        "sync_bad_batch": {
            "fr": "Le lot de synchronisation reçu n'est pas valide.",
            "en": "The sync batch received is not valid.",
        },
        "sync_credential_invalid": {
            "fr": "Identifiant d'école inconnu ou révoqué : inscrivez de nouveau ce serveur "
                  "auprès du hub avec un nouveau code.",
            "en": "Unknown or revoked school credential: enroll this server with the hub "
                  "again with a new code.",
        },
        "sync_code_invalid": {
            "fr": "Ce code d'inscription est inconnu, expiré ou déjà utilisé.",
            "en": "This enrollment code is unknown, expired or already used.",
        },
        "sync_school_mismatch": {
            "fr": "Ce code appartient à une autre école que celle de ce serveur.",
            "en": "This code belongs to another school than this server's.",
        },
        "sync_gap": {
            "fr": "Le hub n'a reçu les changements que jusqu'au numéro {acked} ; ce serveur "
                  "les renvoie.",
            "en": "The hub has the changes only up to number {acked}; this server sends them "
                  "again.",
        },
        "sync_hub_school_unknown": {
            "fr": "Cette école n'existe pas sur le hub.",
            "en": "This school does not exist on the hub.",
        },
        "sync_not_enrolled": {
            "fr": "Ce serveur n'est pas encore inscrit auprès d'un hub (ecep-server sync-enroll).",
            "en": "This server is not enrolled with a hub yet (ecep-server sync-enroll).",
        },
        "sync_hub_unreachable": {
            "fr": "Le hub est injoignable ({error}) ; nouvel essai automatique.",
            "en": "The hub cannot be reached ({error}); it will be tried again automatically.",
        },
        "sync_hub_error": {
            "fr": "Le hub a répondu par une erreur (HTTP {status}).",
            "en": "The hub answered with an error (HTTP {status}).",
        },
        "sync_wrong_role": {
            "fr": "Cette fonction n'existe pas sur un serveur de ce rôle.",
            "en": "This function does not exist on a server of this role.",
        },
        "cli.sync.enrolled": {
            "fr": "Inscrit auprès du hub {hub} (école « {school} »). La première "
                  "synchronisation enverra toute l'école.",
            "en": "Enrolled with hub {hub} (school “{school}”). The first sync sends the "
                  "whole school.",
        },
        "cli.sync.code": {
            "fr": "Code d'inscription pour « {school} » (école du hub {school_id}) : {code}\n"
                  "Valable jusqu'au {expires}. Sur le serveur de l'école : "
                  "ecep-server sync-enroll --hub URL --code {code}",
            "en": "Enrollment code for “{school}” (hub school {school_id}): {code}\n"
                  "Valid until {expires}. On the school's server: "
                  "ecep-server sync-enroll --hub URL --code {code}",
        },
        "cli.sync.done": {
            "fr": "Synchronisé : {pushed} lignes envoyées, {pulled} reçues ({parked} en attente).",
            "en": "Synced: {pushed} rows sent, {pulled} received ({parked} waiting).",
        },
        "cli.sync.hub_needs_postgres": {
            "fr": "Le rôle hub demande PostgreSQL (--database postgresql+psycopg://...).",
            "en": "The hub role needs PostgreSQL (--database postgresql+psycopg://...).",
        },
    }
)
