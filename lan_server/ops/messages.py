"""Sentences of backups, restores, logs and the support bundle, added to the catalogue."""
# ruff: noqa: E501 - the catalogue holds whole sentences

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        # -- errors (problem+json codes) --------------------------------------------------
        "backup_not_found": {
            "fr": "La sauvegarde « {name} » n'existe pas.",
            "en": "The backup “{name}” does not exist.",
        },
        "backup_corrupt": {
            "fr": "La sauvegarde « {name} » est endommagée ({problem}) : elle n'a pas été utilisée.",
            "en": "The backup “{name}” is damaged ({problem}): it was not used.",
        },
        "database_corrupt": {
            "fr": "La base de données de l'école est endommagée ({problem}) : la sauvegarde a été refusée pour ne pas remplacer les bonnes. Restaurez la dernière bonne sauvegarde et envoyez le dossier d'assistance.",
            "en": "The school's database is damaged ({problem}): the backup was refused so as not to replace the good ones. Restore the last good backup and send the support bundle.",
        },
        "backup_not_ecep": {
            "fr": "Le fichier « {name} » n'est pas une sauvegarde eCEP.",
            "en": "The file “{name}” is not an eCEP backup.",
        },
        "backup_too_new": {
            "fr": "La sauvegarde « {name} » vient d'une version plus récente d'eCEP : mettez d'abord ce serveur à jour.",
            "en": "The backup “{name}” comes from a newer version of eCEP: update this server first.",
        },
        "backup_failed": {
            "fr": "La sauvegarde a échoué : {reason}. Vérifiez la place libre sur le disque.",
            "en": "The backup failed: {reason}. Check the free space on the disk.",
        },
        "backup_no_database": {
            "fr": "Il n'y a pas encore de base de données à sauvegarder ({path}).",
            "en": "There is no database to back up yet ({path}).",
        },
        "restore_failed": {
            "fr": "La restauration a échoué : {reason}. La base de données n'a pas été modifiée.",
            "en": "The restore failed: {reason}. The database was not changed.",
        },
        "backups_sqlite_only": {
            "fr": "Les sauvegardes intégrées concernent la base SQLite de l'école ; une base PostgreSQL se sauvegarde avec pg_dump.",
            "en": "Built-in backups are for the school's SQLite database; a PostgreSQL database is backed up with pg_dump.",
        },
        "admin_only": {
            "fr": "Seul un administrateur de l'école peut faire cela.",
            "en": "Only a school administrator can do this.",
        },
        # -- command line -----------------------------------------------------------------
        "cli.backup.done": {
            "fr": "Sauvegarde faite et vérifiée : {path} ({size} octets).",
            "en": "Backup made and checked: {path} ({size} bytes).",
        },
        "cli.backup.list_header": {
            "fr": "Sauvegardes dans {folder} (la plus récente d'abord) :",
            "en": "Backups in {folder} (newest first):",
        },
        "cli.backup.list_line": {
            "fr": "  {name}  {size} octets",
            "en": "  {name}  {size} bytes",
        },
        "cli.backup.none": {
            "fr": "Aucune sauvegarde dans {folder}.",
            "en": "No backup in {folder}.",
        },
        "cli.backup.exported": {
            "fr": "Copiée dans {path}.",
            "en": "Copied to {path}.",
        },
        "cli.restore.server_running": {
            "fr": "Un serveur eCEP utilise ce dossier de données ({data_dir}). Arrêtez-le d'abord (ou restaurez depuis la page « Serveur de l'école » de l'application).",
            "en": "An eCEP server is using this data folder ({data_dir}). Stop it first (or restore from the app's “School server” page).",
        },
        "cli.restore.confirm": {
            "fr": "Remplacer la base de données actuelle par « {name} » ? (elle est gardée de côté dans backups/)",
            "en": "Replace the current database with “{name}”? (it is kept aside in backups/)",
        },
        "cli.restore.done": {
            "fr": "Base de données restaurée depuis « {name} » (révision {revision}).",
            "en": "Database restored from “{name}” (revision {revision}).",
        },
        "cli.restore.migrated": {
            "fr": "La sauvegarde (révision {revision}) a été mise à jour au schéma actuel.",
            "en": "The backup (revision {revision}) was brought up to the current schema.",
        },
        "cli.restore.kept_aside": {
            "fr": "L'ancienne base de données est gardée dans {path}.",
            "en": "The previous database is kept in {path}.",
        },
        "cli.restore.cancelled": {"fr": "Restauration annulée.", "en": "Restore cancelled."},
        "cli.support_bundle.done": {
            "fr": "Dossier d'assistance écrit : {path} (journaux, versions, réglages sans les secrets).",
            "en": "Support bundle written: {path} (logs, versions, settings without secrets).",
        },
        "cli.logs.where": {
            "fr": "Journaux : {path}",
            "en": "Logs: {path}",
        },
    }
)
