"""Message keys of the pupil import that the core catalogue does not have yet (the csv.* and
csv_* keys there are reused). Imported by the service, so present whenever it is."""

from lan_server.core.messages import MESSAGES

MESSAGES.update(
    {
        "csv_too_many_rows": {
            "fr": "Le fichier a trop de lignes (maximum {max}) : "
            "découpez-le, par exemple par classe.",
            "en": "The file has too many lines (at most {max}): split it, for example by class.",
        },
        # The {reason} of csv_unreadable, translated before it is put in the sentence.
        "csv.reason.xlsx": {
            "fr": "c'est un classeur Excel (.xlsx). Dans Excel : Fichier > Enregistrer sous > "
            "CSV (séparateur : point-virgule).",
            "en": "it is an Excel workbook (.xlsx). In Excel: File > Save As > "
            "CSV (semicolon delimited).",
        },
        "csv.reason.not_text": {
            "fr": "ce n'est pas un fichier texte.",
            "en": "it is not a text file.",
        },
        "csv.reason.encoding": {
            "fr": "encodage non reconnu (attendu : UTF-8 ou Windows-1252).",
            "en": "unrecognised encoding (expected UTF-8 or Windows-1252).",
        },
        "csv.reason.syntax": {"fr": "{error}", "en": "{error}"},
    }
)
