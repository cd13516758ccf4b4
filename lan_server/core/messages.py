"""Message catalogue: key -> {"fr": ..., "en": ...}. French is the reference language.

Keys of errors are the stable ``code`` of the problem+json body; clients switch on the code,
people read the sentence. tests/core/test_messages.py checks every key has both languages."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- generic --------------------------------------------------------------------------
    "validation_error": {
        "fr": "Certaines données envoyées ne sont pas valides.",
        "en": "Some of the data sent is not valid.",
    },
    "not_found": {"fr": "Cette ressource n'existe pas.", "en": "This resource does not exist."},
    "method_not_allowed": {
        "fr": "Cette méthode n'est pas autorisée ici.",
        "en": "This method is not allowed here.",
    },
    "payload_too_large": {
        "fr": "La requête est trop volumineuse (maximum {limit} octets).",
        "en": "The request is too large (at most {limit} bytes).",
    },
    "internal_error": {
        "fr": "Une erreur interne est survenue. Réessayez ; si elle persiste, contactez l'administrateur.",
        "en": "An internal error occurred. Try again; if it persists, contact the administrator.",
    },
    "conflict": {
        "fr": "Cette opération entre en conflit avec des données existantes.",
        "en": "This operation conflicts with existing data.",
    },
    "http_error": {"fr": "La requête a échoué.", "en": "The request failed."},
    "invalid_cursor": {
        "fr": "Le curseur de pagination n'est pas valide.",
        "en": "The pagination cursor is not valid.",
    },
    # -- setup ----------------------------------------------------------------------------
    "not_initialized": {
        "fr": "Ce serveur n'a pas encore d'école. Lancez « ecep-server init » ou l'assistant de l'application.",
        "en": "This server has no school yet. Run “ecep-server init” or the app's setup wizard.",
    },
    "already_initialized": {
        "fr": "Ce serveur a déjà une école ; il ne peut pas être initialisé une seconde fois.",
        "en": "This server already has a school; it cannot be initialised twice.",
    },
    "invalid_setup_token": {
        "fr": "Le jeton d'installation est incorrect.",
        "en": "The setup token is incorrect.",
    },
    # -- authentication -------------------------------------------------------------------
    "invalid_credentials": {
        "fr": "Identifiant ou mot de passe incorrect.",
        "en": "Incorrect username or password.",
    },
    "too_many_attempts": {
        "fr": "Trop de tentatives. Réessayez dans {retry_after} secondes.",
        "en": "Too many attempts. Try again in {retry_after} seconds.",
    },
    "not_authenticated": {
        "fr": "Vous devez vous connecter.",
        "en": "You must log in.",
    },
    "token_expired": {
        "fr": "Votre session a expiré ; reconnectez-vous.",
        "en": "Your session has expired; log in again.",
    },
    "token_invalid": {
        "fr": "Jeton de connexion invalide.",
        "en": "Invalid access token.",
    },
    "refresh_invalid": {
        "fr": "Jeton de renouvellement invalide ou expiré ; reconnectez-vous.",
        "en": "Invalid or expired refresh token; log in again.",
    },
    "refresh_reused": {
        "fr": "Ce jeton de renouvellement a déjà servi : par sécurité, toutes les sessions issues de cette connexion sont fermées.",
        "en": "This refresh token was already used: for safety, every session from that login has been closed.",
    },
    "account_pending": {
        "fr": "Ce compte n'est pas encore activé (confirmation de l'e-mail ou activation par l'administrateur).",
        "en": "This account is not activated yet (email confirmation or activation by the administrator).",
    },
    "account_disabled": {
        "fr": "Ce compte est désactivé. Adressez-vous à l'administrateur de l'école.",
        "en": "This account is disabled. Ask the school administrator.",
    },
    "password_not_set": {
        "fr": "Ce compte n'a pas encore de mot de passe : demandez un code à l'administrateur.",
        "en": "This account has no password yet: ask the administrator for a code.",
    },
    "token_invalid_or_used": {
        "fr": "Ce lien ou ce code n'est pas valide, a expiré ou a déjà servi.",
        "en": "This link or code is invalid, has expired or was already used.",
    },
    "wrong_password": {
        "fr": "Le mot de passe actuel est incorrect.",
        "en": "The current password is incorrect.",
    },
    "weak_password": {
        "fr": "Le mot de passe doit contenir au moins {min_length} caractères.",
        "en": "The password must be at least {min_length} characters long.",
    },
    "no_email": {
        "fr": "Ce compte n'a pas d'adresse e-mail.",
        "en": "This account has no email address.",
    },
    # -- permissions ----------------------------------------------------------------------
    "forbidden": {
        "fr": "Vous n'avez pas le droit de faire cela.",
        "en": "You are not allowed to do this.",
    },
    "permission_required": {
        "fr": "Il vous faut la permission « {permission} ».",
        "en": "You need the “{permission}” permission.",
    },
    "unknown_permission": {
        "fr": "Permission inconnue : {permission}.",
        "en": "Unknown permission: {permission}.",
    },
    # -- users and school -----------------------------------------------------------------
    "user_not_found": {"fr": "Utilisateur introuvable.", "en": "User not found."},
    "username_taken": {
        "fr": "L'identifiant « {username} » est déjà pris.",
        "en": "The username “{username}” is already taken.",
    },
    "email_taken": {
        "fr": "L'adresse e-mail « {email} » est déjà utilisée.",
        "en": "The email address “{email}” is already in use.",
    },
    "matricule_taken": {
        "fr": "Le matricule « {matricule} » est déjà attribué.",
        "en": "The registration number “{matricule}” is already assigned.",
    },
    "not_a_pupil": {
        "fr": "Ce compte n'est pas celui d'un élève.",
        "en": "This account is not a pupil's.",
    },
    "not_a_teacher": {
        "fr": "Ce compte n'est pas celui d'un enseignant.",
        "en": "This account is not a teacher's.",
    },
    "not_a_parent": {
        "fr": "Ce compte n'est pas celui d'un parent.",
        "en": "This account is not a parent's.",
    },
    "last_admin": {
        "fr": "C'est le dernier administrateur actif de l'école : il ne peut pas être supprimé ni désactivé.",
        "en": "This is the school's last active administrator: it cannot be deleted or disabled.",
    },
    "role_change_not_allowed": {
        "fr": "Un compte d'élève ne peut pas changer de rôle (ni un autre compte devenir élève) : créez un nouveau compte.",
        "en": "A pupil account cannot change role (nor another account become a pupil): create a new account.",
    },
    "class_not_found": {"fr": "Classe introuvable.", "en": "Class not found."},
    "class_name_taken": {
        "fr": "Une classe « {name} » existe déjà pour l'année {school_year}.",
        "en": "A class “{name}” already exists for {school_year}.",
    },
    "already_enrolled": {
        "fr": "Cet élève est déjà inscrit dans cette classe.",
        "en": "This pupil is already enrolled in this class.",
    },
    "enrollment_not_found": {"fr": "Inscription introuvable.", "en": "Enrollment not found."},
    "subject_not_found": {"fr": "Matière introuvable.", "en": "Subject not found."},
    "subject_code_taken": {
        "fr": "Le code de matière « {code} » existe déjà.",
        "en": "The subject code “{code}” already exists.",
    },
    "lesson_not_found": {"fr": "Leçon introuvable.", "en": "Lesson not found."},
    "lesson_times_invalid": {
        "fr": "La fin de la leçon doit être après son début.",
        "en": "The lesson must end after it starts.",
    },
    "in_use": {
        "fr": "Cet élément est encore utilisé ({what}) et ne peut pas être supprimé.",
        "en": "This item is still in use ({what}) and cannot be deleted.",
    },
    # -- CSV import -----------------------------------------------------------------------
    "csv_unreadable": {
        "fr": "Le fichier n'a pas pu être lu comme un CSV : {reason}",
        "en": "The file could not be read as CSV: {reason}",
    },
    "csv_missing_columns": {
        "fr": "Colonnes manquantes : {columns}.",
        "en": "Missing columns: {columns}.",
    },
    "csv_has_errors": {
        "fr": "Le fichier contient {count} ligne(s) en erreur ; rien n'a été importé.",
        "en": "The file has {count} line(s) in error; nothing was imported.",
    },
    "csv_empty": {"fr": "Le fichier ne contient aucun élève.", "en": "The file contains no pupil."},
    "csv.missing_value": {"fr": "« {column} » est vide.", "en": "“{column}” is empty."},
    "csv.bad_sex": {
        "fr": "Sexe « {value} » non reconnu (attendu : M ou F).",
        "en": "Sex “{value}” not recognised (expected M or F).",
    },
    "csv.bad_date": {
        "fr": "Date de naissance « {value} » non reconnue (attendu : JJ/MM/AAAA).",
        "en": "Birth date “{value}” not recognised (expected DD/MM/YYYY).",
    },
    "csv.date_out_of_range": {
        "fr": "Date de naissance « {value} » invraisemblable pour un élève du primaire.",
        "en": "Birth date “{value}” is implausible for a primary pupil.",
    },
    "csv.unknown_class": {
        "fr": "Classe « {value} » inconnue pour l'année {school_year}.",
        "en": "Class “{value}” is unknown for {school_year}.",
    },
    "csv.bad_phone": {
        "fr": "Téléphone « {value} » non valide.",
        "en": "Phone number “{value}” is not valid.",
    },
    "csv.duplicate_matricule": {
        "fr": "Le matricule « {value} » apparaît aussi à la ligne {other_line}.",
        "en": "Registration number “{value}” also appears on line {other_line}.",
    },
    "csv.too_long": {
        "fr": "« {column} » est trop long ({length} caractères, maximum {max}).",
        "en": "“{column}” is too long ({length} characters, at most {max}).",
    },
    "csv.wrong_column_count": {
        "fr": "La ligne a {found} colonnes au lieu de {expected}.",
        "en": "The line has {found} columns instead of {expected}.",
    },
    "csv.matricule_other_user": {
        "fr": "Le matricule « {value} » appartient à un compte qui n'est pas un élève.",
        "en": "Registration number “{value}” belongs to an account that is not a pupil.",
    },
    # -- emails ---------------------------------------------------------------------------
    "email.confirm.subject": {
        "fr": "Confirmez votre adresse e-mail — {school}",
        "en": "Confirm your email address — {school}",
    },
    "email.confirm.body": {
        "fr": "Bonjour {name},\n\nPour activer votre compte eCEP de {school}, utilisez ce code de confirmation :\n\n{token}\n\nIl est valable {hours} heures.\n",
        "en": "Hello {name},\n\nTo activate your eCEP account at {school}, use this confirmation code:\n\n{token}\n\nIt is valid for {hours} hours.\n",
    },
    "email.reset.subject": {
        "fr": "Réinitialisation de votre mot de passe — {school}",
        "en": "Resetting your password — {school}",
    },
    "email.reset.body": {
        "fr": "Bonjour {name},\n\nQuelqu'un a demandé à réinitialiser le mot de passe de votre compte eCEP. Si c'est vous, utilisez ce code :\n\n{token}\n\nIl est valable {minutes} minutes et ne sert qu'une fois. Sinon, ignorez ce message.\n",
        "en": "Hello {name},\n\nSomeone asked to reset the password of your eCEP account. If it was you, use this code:\n\n{token}\n\nIt is valid for {minutes} minutes and works once. Otherwise, ignore this message.\n",
    },
    # -- confirmations ----------------------------------------------------------------------
    "password_reset_requested": {
        "fr": "Si un compte correspond, un message de réinitialisation a été envoyé.",
        "en": "If an account matches, a reset message has been sent.",
    },
}

# -- command line (ecep-server) ---------------------------------------------------------------
MESSAGES.update(
    {
        "cli.already_initialized": {
            "fr": "Ce serveur a déjà une école ({school}). Rien n'a été modifié.",
            "en": "This server already has a school ({school}). Nothing was changed.",
        },
        "cli.initialized": {
            "fr": "École « {school} » créée. Administrateur : {username}.",
            "en": "School “{school}” created. Administrator: {username}.",
        },
        "cli.prompt.school_name": {"fr": "Nom de l'école", "en": "School name"},
        "cli.prompt.town": {"fr": "Ville", "en": "Town"},
        "cli.prompt.timezone": {"fr": "Fuseau horaire", "en": "Time zone"},
        "cli.prompt.locale": {"fr": "Langue par défaut (fr/en)", "en": "Default language (fr/en)"},
        "cli.prompt.admin_username": {
            "fr": "Identifiant de l'administrateur",
            "en": "Administrator username",
        },
        "cli.prompt.first_name": {"fr": "Prénom", "en": "First name"},
        "cli.prompt.last_name": {"fr": "Nom", "en": "Last name"},
        "cli.prompt.password": {"fr": "Mot de passe", "en": "Password"},
        "cli.prompt.email": {"fr": "E-mail (facultatif)", "en": "Email (optional)"},
        "cli.migrated": {
            "fr": "Base de données à jour (révision {revision}).",
            "en": "Database up to date (revision {revision}).",
        },
        "cli.not_initialized_hint": {
            "fr": "Aucune école sur ce serveur. Lancez « ecep-server init », ou l'assistant de l'application de bureau (jeton d'installation : {path}).",
            "en": "No school on this server. Run “ecep-server init”, or the desktop app's wizard (setup token: {path}).",
        },
        "cli.port_taken": {
            "fr": "Le port {port} est déjà utilisé sur {host}. Choisissez-en un autre avec --port (par exemple {suggestion}).",
            "en": "Port {port} is already in use on {host}. Choose another with --port (for example {suggestion}).",
        },
        "cli.serving": {
            "fr": "Serveur eCEP ({role}) sur {scheme}://{host}:{port} — données : {data_dir}",
            "en": "eCEP server ({role}) on {scheme}://{host}:{port} — data: {data_dir}",
        },
        "cli.user_created": {
            "fr": "Compte {username} ({role}) créé.",
            "en": "Account {username} ({role}) created.",
        },
        "cli.password_reset": {
            "fr": "Mot de passe de {username} changé ; ses sessions ouvertes sont fermées.",
            "en": "Password of {username} changed; their open sessions are closed.",
        },
        "cli.user_not_found": {
            "fr": "Aucun compte « {username} ».",
            "en": "No account “{username}”.",
        },
        "cli.demo_loaded": {
            "fr": "École de démonstration chargée : {classes} classes, {teachers} enseignants, {pupils} élèves, {parents} parents, {lessons} leçons. Mot de passe de tous les comptes de démonstration : {password}",
            "en": "Demo school loaded: {classes} classes, {teachers} teachers, {pupils} pupils, {parents} parents, {lessons} lessons. Password of every demo account: {password}",
        },
        "cli.demo_already": {
            "fr": "Les données de démonstration sont déjà chargées.",
            "en": "The demo data is already loaded.",
        },
        "cli.error": {"fr": "Erreur : {detail}", "en": "Error: {detail}"},
    }
)
