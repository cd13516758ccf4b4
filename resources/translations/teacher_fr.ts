<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ProjectorWindow</name>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="320"/>
        <source>Closed</source>
        <translation>Fermée</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="321"/>
        <source>Attendance closed</source>
        <translation>Appel terminé</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="323"/>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="324"/>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="327"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="330"/>
        <source>Server unreachable: retrying…</source>
        <translation>Serveur injoignable : nouvel essai…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="339"/>
        <source>%1 / %2 marked</source>
        <translation>%1 / %2 présents</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="362"/>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="367"/>
        <source>Close attendance</source>
        <translation>Terminer l&apos;appel</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="363"/>
        <source>Close attendance for this lesson? Pupils not marked yet will be marked absent.</source>
        <translation>Terminer l&apos;appel de cette leçon ? Les élèves qui ne sont pas encore pointés seront marqués absents.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="368"/>
        <source>Keep open</source>
        <translation>Continuer l&apos;appel</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="400"/>
        <source>Leave full screen</source>
        <translation>Quitter le plein écran</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="400"/>
        <source>Full screen</source>
        <translation>Plein écran</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="401"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="401"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="402"/>
        <source>Close attendance…</source>
        <translation>Terminer l&apos;appel…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="403"/>
        <source>Roster</source>
        <translation>Liste de la classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="406"/>
        <source>Attendance — projector</source>
        <translation>Appel — projecteur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="407"/>
        <source>Screen:</source>
        <translation>Écran :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="408"/>
        <source>No camera? Type the code:</source>
        <translation>Pas de caméra ? Tapez le code :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/projector_window.py" line="409"/>
        <source>Latest:</source>
        <translation>Derniers arrivés :</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="108"/>
        <source>Pupil</source>
        <translation>Élève</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="110"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="112"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message numerus="yes">
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="178"/>
        <source>Refused scans: %n</source>
        <translation>
            <numerusform>Scan refusé : %n</numerusform>
            <numerusform>Scans refusés : %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="180"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="206"/>
        <source>Roster</source>
        <translation>Liste de la classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/roster_panel.py" line="207"/>
        <source>Select a pupil, then correct their mark:</source>
        <translation>Choisissez un élève, puis corrigez son pointage :</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <location filename="../../ecep_desktop/teacher/summary_panel.py" line="56"/>
        <source>Attendance closed</source>
        <translation>Appel terminé</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/teacher/summary_panel.py" line="58"/>
        <source>Attendance closed: %n pupil(s)</source>
        <translation>
            <numerusform>Appel terminé : %n élève</numerusform>
            <numerusform>Appel terminé : %n élèves</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/summary_panel.py" line="62"/>
        <source>Not marked</source>
        <translation>Non pointé</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/summary_panel.py" line="63"/>
        <source>Refused scans</source>
        <translation>Scans refusés</translation>
    </message>
</context>
<context>
    <name>TeacherPages</name>
    <message>
        <location filename="../../ecep_desktop/teacher/__init__.py" line="22"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
</context>
<context>
    <name>TeacherRefusal</name>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="30"/>
        <source>wrong code</source>
        <translation>code faux</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="31"/>
        <source>expired code</source>
        <translation>code expiré</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="32"/>
        <source>attendance paused or closed</source>
        <translation>appel en pause ou fermé</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="34"/>
        <source>not in this class</source>
        <translation>pas dans cette classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="35"/>
        <source>outside the school network</source>
        <translation>hors du réseau de l&apos;école</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="37"/>
        <source>phone already used for another pupil</source>
        <translation>téléphone déjà utilisé pour un autre élève</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="39"/>
        <source>too many scans</source>
        <translation>trop de scans</translation>
    </message>
</context>
<context>
    <name>TeacherStatus</name>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="17"/>
        <source>Present</source>
        <translation>Présent</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="19"/>
        <source>Late</source>
        <translation>En retard</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="21"/>
        <source>Excused</source>
        <translation>Excusé</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="23"/>
        <source>Absent</source>
        <translation>Absent</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/labels.py" line="24"/>
        <source>Not marked</source>
        <translation>Non pointé</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="106"/>
        <source>Loading today&apos;s lessons…</source>
        <translation>Chargement des leçons du jour…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="145"/>
        <source>No lessons today.</source>
        <translation>Aucune leçon aujourd&apos;hui.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="157"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="158"/>
        <source>Start attendance</source>
        <translation>Faire l&apos;appel</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="205"/>
        <source>Today&apos;s lessons (%1)</source>
        <translation>Leçons du jour (%1)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="209"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="211"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="211"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="211"/>
        <source>Subject</source>
        <translation>Matière</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="211"/>
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/teacher/today_page.py" line="212"/>
        <source>Attendance</source>
        <translation>Appel</translation>
    </message>
</context>
</TS>
