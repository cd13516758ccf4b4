<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
  <context>
    <name>ProjectorWindow</name>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="277" />
      <source>Closed</source>
      <translation>Fermée</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="278" />
      <source>Attendance closed</source>
      <translation>Appel terminé</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="280" />
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="281" />
      <source>Paused</source>
      <translation>En pause</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="284" />
      <source>Loading…</source>
      <translation>Chargement…</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="287" />
      <source>Server unreachable: retrying…</source>
      <translation>Serveur injoignable : nouvel essai…</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="296" />
      <source>%1 / %2 marked</source>
      <translation>%1 / %2 présents</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="317" />
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="322" />
      <source>Close attendance</source>
      <translation>Terminer l'appel</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="318" />
      <source>Close attendance for this lesson? Pupils not marked yet will be marked absent.</source>
      <translation>Terminer l'appel de cette leçon ? Les élèves qui ne sont pas encore pointés seront marqués absents.</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="323" />
      <source>Keep open</source>
      <translation>Continuer l'appel</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="355" />
      <source>Leave full screen</source>
      <translation>Quitter le plein écran</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="355" />
      <source>Full screen</source>
      <translation>Plein écran</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="356" />
      <source>Resume</source>
      <translation>Reprendre</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="356" />
      <source>Pause</source>
      <translation>Pause</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="357" />
      <source>Close attendance…</source>
      <translation>Terminer l'appel…</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="358" />
      <source>Roster</source>
      <translation>Liste de la classe</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="361" />
      <source>Attendance — projector</source>
      <translation>Appel — projecteur</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="362" />
      <source>Screen:</source>
      <translation>Écran :</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="363" />
      <source>No camera? Type the code:</source>
      <translation>Pas de caméra ? Tapez le code :</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/projector_window.py" line="364" />
      <source>Latest:</source>
      <translation>Derniers arrivés :</translation>
    </message>
  </context>
  <context>
    <name>RosterModel</name>
    <message>
      <location filename="../../ecep_desktop/teacher/roster_panel.py" line="107" />
      <source>Pupil</source>
      <translation>Élève</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/roster_panel.py" line="109" />
      <source>Status</source>
      <translation>Statut</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/roster_panel.py" line="111" />
      <source>Time</source>
      <translation>Heure</translation>
    </message>
  </context>
  <context>
    <name>RosterPanel</name>
    <message>
      <location filename="../../ecep_desktop/teacher/roster_panel.py" line="182" />
      <source>Roster</source>
      <translation>Liste de la classe</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/roster_panel.py" line="183" />
      <source>Select a pupil, then correct their mark:</source>
      <translation>Choisissez un élève, puis corrigez son pointage :</translation>
    </message>
  </context>
  <context>
    <name>SummaryPanel</name>
    <message>
      <location filename="../../ecep_desktop/teacher/summary_panel.py" line="56" />
      <source>Attendance closed</source>
      <translation>Appel terminé</translation>
    </message>
    <message numerus="yes">
      <location filename="../../ecep_desktop/teacher/summary_panel.py" line="58" />
      <source>Attendance closed: %n pupil(s)</source>
      <translation>
        <numerusform>Appel terminé : %n élève</numerusform>
        <numerusform>Appel terminé : %n élèves</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/summary_panel.py" line="62" />
      <source>Not marked</source>
      <translation>Non pointé</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/summary_panel.py" line="63" />
      <source>Refused scans</source>
      <translation>Scans refusés</translation>
    </message>
  </context>
  <context>
    <name>TeacherPages</name>
    <message>
      <location filename="../../ecep_desktop/teacher/__init__.py" line="25" />
      <source>Today</source>
      <translation>Aujourd'hui</translation>
    </message>
  </context>
  <context>
    <name>TeacherStatus</name>
    <message>
      <location filename="../../ecep_desktop/teacher/labels.py" line="17" />
      <source>Present</source>
      <translation>Présent</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/labels.py" line="19" />
      <source>Late</source>
      <translation>En retard</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/labels.py" line="21" />
      <source>Excused</source>
      <translation>Excusé</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/labels.py" line="23" />
      <source>Absent</source>
      <translation>Absent</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/labels.py" line="24" />
      <source>Not marked</source>
      <translation>Non pointé</translation>
    </message>
  </context>
  <context>
    <name>TodayPage</name>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="96" />
      <source>Loading today's lessons…</source>
      <translation>Chargement des leçons du jour…</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="135" />
      <source>No lessons today.</source>
      <translation>Aucune leçon aujourd'hui.</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="147" />
      <source>Resume</source>
      <translation>Reprendre</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="148" />
      <source>Start attendance</source>
      <translation>Faire l'appel</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="195" />
      <source>Today's lessons (%1)</source>
      <translation>Leçons du jour (%1)</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="197" />
      <source>Refresh</source>
      <translation>Actualiser</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="199" />
      <source>Time</source>
      <translation>Heure</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="199" />
      <source>Class</source>
      <translation>Classe</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="199" />
      <source>Subject</source>
      <translation>Matière</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="199" />
      <source>Room</source>
      <translation>Salle</translation>
    </message>
    <message>
      <location filename="../../ecep_desktop/teacher/today_page.py" line="200" />
      <source>Attendance</source>
      <translation>Appel</translation>
    </message>
  </context>
</TS>