"""Sentences of lesson attendance (API refusals and the /a/ page), added to the catalogue.
Imported by the service, so present whenever it is."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        # -- refusals of a scan (docs/attendance.md) --------------------------------------
        "qr_invalid": {
            "fr": "Ce code n'est pas valide. Scannez le code affiché au tableau.",
            "en": "This code is not valid. Scan the code shown on the board.",
        },
        "qr_expired": {
            "fr": "Ce code a expiré. Scannez le code affiché en ce moment.",
            "en": "This code has expired. Scan the code shown right now.",
        },
        "session_closed": {
            "fr": "L'appel de ce cours est fermé.",
            "en": "Attendance for this lesson is closed.",
        },
        "not_enrolled": {
            "fr": "Vous n'êtes pas inscrit dans la classe de ce cours.",
            "en": "You are not enrolled in this lesson's class.",
        },
        "outside_network": {
            "fr": "Connectez-vous au réseau de l'école pour être marqué présent.",
            "en": "Connect to the school's network to be marked present.",
        },
        "device_already_used": {
            "fr": "Cet appareil a déjà servi à marquer un autre élève pour ce cours.",
            "en": "This device has already been used to mark another pupil in this lesson.",
        },
        "rate_limited": {
            "fr": "Trop de scans depuis cet appareil. Réessayez dans {retry_after} secondes.",
            "en": "Too many scans from this device. Try again in {retry_after} seconds.",
        },
        # -- sessions ----------------------------------------------------------------------
        "attendance_session_not_found": {
            "fr": "Cet appel n'existe pas.",
            "en": "This attendance session does not exist.",
        },
        "attendance_session_already_open": {
            "fr": "Un appel est déjà ouvert pour ce cours.",
            "en": "An attendance session is already open for this lesson.",
        },
        "not_lesson_teacher": {
            "fr": "Seul l'enseignant de ce cours ou un administrateur peut faire l'appel.",
            "en": "Only this lesson's teacher or an administrator can take attendance.",
        },
        "attendance_closes_at_invalid": {
            "fr": "L'heure de fermeture doit être dans le futur.",
            "en": "The closing time must be in the future.",
        },
        "pupil_not_in_class": {
            "fr": "Cet élève n'est pas inscrit dans la classe de ce cours.",
            "en": "This pupil is not enrolled in this lesson's class.",
        },
        # -- the /a/ page --------------------------------------------------------------------
        "scan_page.title": {"fr": "Appel", "en": "Attendance"},
        "scan_page.login_intro": {
            "fr": "Connectez-vous une fois sur ce téléphone pour être marqué présent.",
            "en": "Log in once on this phone to be marked present.",
        },
        "scan_page.username": {"fr": "Identifiant", "en": "Username"},
        "scan_page.password": {"fr": "Mot de passe", "en": "Password"},
        "scan_page.submit": {
            "fr": "Me connecter et signaler ma présence",
            "en": "Log in and check in",
        },
        "scan_page.csrf": {
            "fr": "Le formulaire a expiré. Scannez de nouveau le code au tableau.",
            "en": "The form has expired. Scan the code on the board again.",
        },
        "scan_page.present": {"fr": "Présent à {time}", "en": "Present at {time}"},
        "scan_page.late": {"fr": "En retard à {time}", "en": "Late at {time}"},
        "scan_page.excused": {"fr": "Excusé ({time})", "en": "Excused ({time})"},
        "scan_page.absent": {"fr": "Marqué absent ({time})", "en": "Marked absent ({time})"},
        "scan_page.already": {
            "fr": "Vous étiez déjà marqué.",
            "en": "You were already marked.",
        },
        "scan_page.refused": {"fr": "Non marqué", "en": "Not marked"},
        "scan_page.not_you": {
            "fr": "Vous n'êtes pas {name} ? Se déconnecter",
            "en": "Not {name}? Sign out",
        },
        "scan_page.not_a_pupil": {
            "fr": "Ce compte n'est pas celui d'un élève.",
            "en": "This account is not a pupil's.",
        },
    }
)
