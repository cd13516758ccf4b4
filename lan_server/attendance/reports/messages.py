"""Message keys of the attendance reports: range errors, and the CSV column headers and
values (French by default, English with ``Accept-Language: en``). Imported by the
service, so present whenever the reports are."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        "report_range_inverted": {
            "fr": "La date de début ({start}) est après la date de fin ({end}).",
            "en": "The start date ({start}) is after the end date ({end}).",
        },
        "report_range_too_long": {
            "fr": "La période demandée est trop longue : au plus {max_days} jours.",
            "en": "The period asked for is too long: at most {max_days} days.",
        },
        "report_date_and_range": {
            "fr": "Donnez soit une date (date), soit une période (from, to), pas les deux.",
            "en": "Give either a date (date) or a period (from, to), not both.",
        },
        # -- CSV headers -------------------------------------------------------------------
        "report.col.date": {"fr": "Date", "en": "Date"},
        "report.col.opened_at": {"fr": "Ouverture", "en": "Opened at"},
        "report.col.last_name": {"fr": "Nom", "en": "Last name"},
        "report.col.first_name": {"fr": "Prénom", "en": "First name"},
        "report.col.matricule": {"fr": "Matricule", "en": "Registration number"},
        "report.col.class": {"fr": "Classe", "en": "Class"},
        "report.col.subject": {"fr": "Matière", "en": "Subject"},
        "report.col.lesson_time": {"fr": "Heure du cours", "en": "Lesson time"},
        "report.col.status": {"fr": "Statut", "en": "Status"},
        "report.col.marked_at": {"fr": "Heure du pointage", "en": "Marked at"},
        "report.col.source": {"fr": "Source", "en": "Source"},
        "report.col.present": {"fr": "Présents", "en": "Present"},
        "report.col.late": {"fr": "Retards", "en": "Late"},
        "report.col.excused": {"fr": "Excusés", "en": "Excused"},
        "report.col.absent": {"fr": "Absents", "en": "Absent"},
        "report.col.marks": {"fr": "Pointages", "en": "Marks"},
        "report.col.rate": {"fr": "Taux de présence", "en": "Attendance rate"},
        "report.col.sessions": {"fr": "Séances", "en": "Sessions"},
        "report.col.role": {"fr": "Rôle", "en": "Role"},
        "report.col.check_in": {"fr": "Arrivée", "en": "Check-in"},
        "report.col.check_out": {"fr": "Départ", "en": "Check-out"},
        "report.col.hours": {"fr": "Heures", "en": "Hours"},
        "report.col.automatic": {"fr": "Départ automatique", "en": "Automatic check-out"},
        # -- CSV values --------------------------------------------------------------------
        "report.total": {"fr": "Total", "en": "Total"},
        "report.yes": {"fr": "Oui", "en": "Yes"},
        "report.no": {"fr": "Non", "en": "No"},
        "report.status.present": {"fr": "Présent", "en": "Present"},
        "report.status.late": {"fr": "En retard", "en": "Late"},
        "report.status.excused": {"fr": "Excusé", "en": "Excused"},
        "report.status.absent": {"fr": "Absent", "en": "Absent"},
        "report.status.unmarked": {"fr": "Non pointé", "en": "Not marked"},
        "report.source.qr": {"fr": "QR code", "en": "QR code"},
        "report.source.typed": {"fr": "Code saisi", "en": "Typed code"},
        "report.source.teacher": {"fr": "Enseignant", "en": "Teacher"},
        "report.source.closing": {"fr": "Clôture", "en": "Closing"},
        "report.role.admin": {"fr": "Administrateur", "en": "Administrator"},
        "report.role.teacher": {"fr": "Enseignant", "en": "Teacher"},
        "report.role.parent": {"fr": "Parent", "en": "Parent"},
        "report.role.student": {"fr": "Élève", "en": "Pupil"},
    }
)
