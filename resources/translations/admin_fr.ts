<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AdminCommon</name>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="25"/>
        <source>Pupil</source>
        <translation>Élève</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="26"/>
        <source>Teacher</source>
        <translation>Enseignant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="27"/>
        <source>Parent</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="28"/>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="35"/>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="36"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="37"/>
        <source>Deactivated</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/common.py" line="53"/>
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
</context>
<context>
    <name>AdminPages</name>
    <message>
        <location filename="../../ecep_desktop/admin/__init__.py" line="37"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/__init__.py" line="44"/>
        <source>Classes and cards</source>
        <translation>Classes et cartes</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/__init__.py" line="51"/>
        <source>Lessons</source>
        <translation>Cours</translation>
    </message>
</context>
<context>
    <name>CardSheetDownload</name>
    <message>
        <location filename="../../ecep_desktop/admin/classes/card_sheet.py" line="41"/>
        <source>Save the card sheet</source>
        <translation>Enregistrer la planche de cartes</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/card_sheet.py" line="42"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/card_sheet.py" line="57"/>
        <source>The file cannot be written: %1</source>
        <translation>Impossible d&apos;écrire le fichier : %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/card_sheet.py" line="61"/>
        <source>The card sheet is saved in %1. Open it now?</source>
        <translation>La planche de cartes est enregistrée dans %1. L’ouvrir maintenant ?</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/card_sheet.py" line="63"/>
        <source>Card sheet</source>
        <translation>Planche de cartes</translation>
    </message>
</context>
<context>
    <name>ClassDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="39"/>
        <source>New class</source>
        <translation>Nouvelle classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="41"/>
        <source>e.g. CM2 A</source>
        <translation>ex. CM2 A</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="48"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="57"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="58"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="59"/>
        <source>School year</source>
        <translation>Année scolaire</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/class_dialog.py" line="60"/>
        <source>Main teacher</source>
        <translation>Titulaire</translation>
    </message>
</context>
<context>
    <name>ClassesPage</name>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="141"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="141"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="141"/>
        <source>School year</source>
        <translation>Année scolaire</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="141"/>
        <source>Pupils</source>
        <translation>Élèves</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="143"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="143"/>
        <source>Username</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="143"/>
        <source>Matricule</source>
        <translation>Matricule</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="144"/>
        <source>New class…</source>
        <translation>Nouvelle classe…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="145"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="146"/>
        <source>Enrol pupils…</source>
        <translation>Inscrire des élèves…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="147"/>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="278"/>
        <source>Unenrol</source>
        <translation>Désinscrire</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="148"/>
        <source>Print the card sheet…</source>
        <translation>Imprimer la planche de cartes…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="159"/>
        <source>Choose a class</source>
        <translation>Choisissez une classe</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/classes/page.py" line="161"/>
        <source>%1 (%2), %n pupil(s)</source>
        <translation>
            <numerusform>%1 (%2), %n élève</numerusform>
            <numerusform>%1 (%2), %n élèves</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="233"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/classes/page.py" line="276"/>
        <source>Remove %n pupil(s) from %1? Their accounts stay.</source>
        <translation>
            <numerusform>Retirer %n élève de %1 ? Son compte est conservé.</numerusform>
            <numerusform>Retirer %n élèves de %1 ? Leurs comptes sont conservés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="305"/>
        <source>Card sheet saved: %1</source>
        <translation>Planche de cartes enregistrée : %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/page.py" line="310"/>
        <source>Preparing the card sheet…</source>
        <translation>Préparation de la planche de cartes…</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/classes/enrol_dialog.py" line="37"/>
        <source>Enrol pupils in %1</source>
        <translation>Inscrire des élèves en %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/enrol_dialog.py" line="40"/>
        <source>Search pupils by name or matricule</source>
        <translation>Chercher un élève par nom ou matricule</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/enrol_dialog.py" line="47"/>
        <source>Enrol</source>
        <translation>Inscrire</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/classes/enrol_dialog.py" line="90"/>
        <source>More pupils match: refine the search.</source>
        <translation>D&apos;autres élèves correspondent : précisez la recherche.</translation>
    </message>
</context>
<context>
    <name>ImportCheckPage</name>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="144"/>
        <source>Check</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="146"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="168"/>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="168"/>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="168"/>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="175"/>
        <source>The server is checking the file…</source>
        <translation>Le serveur vérifie le fichier…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="189"/>
        <source>%n pupil line(s) for %1: </source>
        <translation>
            <numerusform>%n ligne d’élève pour %1 : </numerusform>
            <numerusform>%n lignes d’élèves pour %1 : </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="191"/>
        <source>new: %1, updated: %2, unchanged: %3.</source>
        <translation>nouveaux : %1, mis à jour : %2, inchangés : %3.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="196"/>
        <source>%n line error(s): correct the file, then go back and choose it again.</source>
        <translation>
            <numerusform>%n ligne en erreur : corrigez le fichier, puis revenez en arrière et choisissez-le à nouveau.</numerusform>
            <numerusform>%n lignes en erreur : corrigez le fichier, puis revenez en arrière et choisissez-le à nouveau.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="202"/>
        <source>No error: press Import to write them.</source>
        <translation>Aucune erreur : appuyez sur Importer pour les enregistrer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="232"/>
        <source>Create the %n missing class(es)…</source>
        <translation>
            <numerusform>Créer la classe manquante…</numerusform>
            <numerusform>Créer les %n classes manquantes…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="253"/>
        <source>The file was refused.</source>
        <translation>Le fichier a été refusé.</translation>
    </message>
</context>
<context>
    <name>ImportFilePage</name>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="56"/>
        <source>Choose the file</source>
        <translation>Choisir le fichier</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="57"/>
        <source>A CSV file with the columns Nom, Prénom, Sexe, Date de naissance, Classe, Matricule (and optionally Téléphone du parent), as Excel saves it. The classes must exist.</source>
        <translation>Un fichier CSV avec les colonnes Nom, Prénom, Sexe, Date de naissance, Classe, Matricule (et si besoin Téléphone du parent), tel qu’Excel l’enregistre. Les classes doivent exister.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="63"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="66"/>
        <source>e.g. 2026-2027 (empty: the current year)</source>
        <translation>ex. 2026-2027 (vide : l’année en cours)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="72"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="74"/>
        <source>School year</source>
        <translation>Année scolaire</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="81"/>
        <source>Pupils file</source>
        <translation>Fichier des élèves</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="81"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="92"/>
        <source>The file is larger than 5 MB.</source>
        <translation>Le fichier dépasse 5 Mo.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="96"/>
        <source>The file cannot be read: %1</source>
        <translation>Impossible de lire le fichier : %1</translation>
    </message>
</context>
<context>
    <name>ImportPreviewPage</name>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="109"/>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="110"/>
        <source>The first lines of the file. Next, the server checks every line without writing anything.</source>
        <translation>Les premières lignes du fichier. Ensuite, le serveur vérifie chaque ligne sans rien enregistrer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="133"/>
        <source>%n pupil line(s) in the file.</source>
        <translation>
            <numerusform>%n ligne d’élève dans le fichier.</numerusform>
            <numerusform>%n lignes d’élèves dans le fichier.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportResultPage</name>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="269"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="281"/>
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="290"/>
        <source>Done for %1. Pupils created: %2, updated: %3, unchanged: %4.</source>
        <translation>Terminé pour %1. Élèves créés : %2, mis à jour : %3, inchangés : %4.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="298"/>
        <source>Nothing was written.</source>
        <translation>Rien n&apos;a été enregistré.</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/wizard.py" line="318"/>
        <source>Import pupils</source>
        <translation>Importer des élèves</translation>
    </message>
</context>
<context>
    <name>LessonDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="73"/>
        <source>New lesson</source>
        <translation>Nouveau cours</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="81"/>
        <source>The class&apos;s main teacher</source>
        <translation>Le titulaire de la classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="93"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="94"/>
        <source>Subject</source>
        <translation>Matière</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="95"/>
        <source>Teacher</source>
        <translation>Enseignant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="96"/>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="97"/>
        <source>Starts</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="98"/>
        <source>Ends</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="99"/>
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="120"/>
        <source>Choose a class and a subject (create a subject first if the list is empty).</source>
        <translation>Choisissez une classe et une matière (créez d’abord une matière si la liste est vide).</translation>
    </message>
</context>
<context>
    <name>LessonsPage</name>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="112"/>
        <source>◀ Previous week</source>
        <translation>◀ Semaine précédente</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="113"/>
        <source>This week</source>
        <translation>Cette semaine</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="114"/>
        <source>Next week ▶</source>
        <translation>Semaine suivante ▶</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="115"/>
        <source>New lesson…</source>
        <translation>Nouveau cours…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="116"/>
        <source>New subject…</source>
        <translation>Nouvelle matière…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="117"/>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="119"/>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="119"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="119"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="119"/>
        <source>Subject</source>
        <translation>Matière</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="120"/>
        <source>Teacher</source>
        <translation>Enseignant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="120"/>
        <source>Room</source>
        <translation>Salle</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="132"/>
        <source>Week of %1 to %2</source>
        <translation>Semaine du %1 au %2</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="140"/>
        <source>All classes</source>
        <translation>Toutes les classes</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="190"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="201"/>
        <source>%n lesson(s) this week</source>
        <translation>
            <numerusform>%n cours cette semaine</numerusform>
            <numerusform>%n cours cette semaine</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="266"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/page.py" line="267"/>
        <source>Delete this lesson? A lesson with attendance cannot be deleted.</source>
        <translation>Supprimer ce cours ? Un cours avec des présences ne peut pas être supprimé.</translation>
    </message>
</context>
<context>
    <name>MissingClassesDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/missing_classes.py" line="37"/>
        <source>Create the missing classes</source>
        <translation>Créer les classes manquantes</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/missing_classes.py" line="38"/>
        <source>These classes of the file do not exist for %1. Check each level, then create them.</source>
        <translation>Ces classes du fichier n&apos;existent pas pour %1. Vérifiez le niveau de chacune, puis créez-les.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/missing_classes.py" line="45"/>
        <source>Choose the level</source>
        <translation>Choisissez le niveau</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/pupils_import/missing_classes.py" line="56"/>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
</context>
<context>
    <name>PermissionsDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/users/permissions.py" line="30"/>
        <source>Permissions of %1</source>
        <translation>Autorisations de %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/permissions.py" line="31"/>
        <source>May create personal QR sessions (day attendance)</source>
        <translation>Peut créer des QR personnels (présence à la journée)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/permissions.py" line="33"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/permissions.py" line="71"/>
        <source>Every account of this role has this permission.</source>
        <translation>Tous les comptes de ce rôle ont cette autorisation.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/permissions.py" line="73"/>
        <source>Granted to this person. Untick to take it back.</source>
        <translation>Accordée à cette personne. Décochez pour la retirer.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/permissions.py" line="75"/>
        <source>Tick to let this person make personal QR codes for arrivals and departures.</source>
        <translation>Cochez pour permettre à cette personne de créer des QR personnels pour les arrivées et les départs.</translation>
    </message>
</context>
<context>
    <name>PersonalQrDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="45"/>
        <source>Personal QR code</source>
        <translation>QR personnel</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="57"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="58"/>
        <source>Create the QR code</source>
        <translation>Créer le QR</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="61"/>
        <source>Valid for</source>
        <translation>Valable</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="78"/>
        <source>Show this code to the kiosk or scan it with the eCEP app. It works once.</source>
        <translation>Présentez ce code à la borne ou scannez-le avec l’application eCEP. Il ne sert qu’une fois.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="83"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="119"/>
        <source>Create a new code</source>
        <translation>Créer un nouveau code</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="171"/>
        <source>Used at %1.</source>
        <translation>Utilisé à %1.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="188"/>
        <source>Expired: create a new code.</source>
        <translation>Expiré : créez un nouveau code.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/personal_qr/dialog.py" line="190"/>
        <source>Expires in %1</source>
        <translation>Expire dans %1</translation>
    </message>
</context>
<context>
    <name>ResetCodeDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/users/reset_code.py" line="26"/>
        <source>Reset code</source>
        <translation>Code de réinitialisation</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/reset_code.py" line="29"/>
        <source>Hand this code to %1 (username %2). It works once, to choose a new password.</source>
        <translation>Remettez ce code à %1 (nom d’utilisateur %2). Il sert une seule fois, pour choisir un nouveau mot de passe.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/reset_code.py" line="44"/>
        <source>Valid until %1</source>
        <translation>Valable jusqu’au %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/reset_code.py" line="47"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
</context>
<context>
    <name>SubjectDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="133"/>
        <source>New subject</source>
        <translation>Nouvelle matière</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="135"/>
        <source>e.g. MATH</source>
        <translation>ex. MATH</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="137"/>
        <source>e.g. Mathematics</source>
        <translation>ex. Mathématiques</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="139"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/lessons/dialogs.py" line="140"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="38"/>
        <source>New user</source>
        <translation>Nouvel utilisateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="38"/>
        <source>Edit user</source>
        <translation>Modifier l&apos;utilisateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="47"/>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="64"/>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="67"/>
        <source>Not given</source>
        <translation>Non renseigné</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="48"/>
        <source>Female</source>
        <translation>Féminin</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="49"/>
        <source>Male</source>
        <translation>Masculin</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="54"/>
        <source>Optional: or hand over a reset code</source>
        <translation>Facultatif : ou remettez un code de réinitialisation</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="56"/>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="57"/>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="73"/>
        <source>Username</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="74"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="75"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="76"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="77"/>
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="78"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="79"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="81"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="82"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="83"/>
        <source>Pupil</source>
        <translation>Élève</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="85"/>
        <source>Matricule</source>
        <translation>Matricule</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="86"/>
        <source>Birth date</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/editor.py" line="87"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <location filename="../../ecep_desktop/admin/users/model.py" line="160"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/model.py" line="161"/>
        <source>Username</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/model.py" line="162"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/model.py" line="163"/>
        <source>Matricule</source>
        <translation>Matricule</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/model.py" line="164"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/model.py" line="165"/>
        <source>Last login</source>
        <translation>Dernière connexion</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="138"/>
        <source>Search by name, username or matricule</source>
        <translation>Chercher par nom, nom d&apos;utilisateur ou matricule</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="139"/>
        <source>All roles</source>
        <translation>Tous les rôles</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="141"/>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="144"/>
        <source>New user…</source>
        <translation>Nouvel utilisateur…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="145"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="146"/>
        <source>Reset password…</source>
        <translation>Réinitialiser le mot de passe…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="147"/>
        <source>QR permission…</source>
        <translation>Autorisation QR…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="148"/>
        <source>Personal QR…</source>
        <translation>QR personnel…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="149"/>
        <source>Import pupils (CSV)…</source>
        <translation>Importer des élèves (CSV)…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="150"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="185"/>
        <source>All classes</source>
        <translation>Toutes les classes</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/users/page.py" line="205"/>
        <source>%n user(s) shown, loading…</source>
        <translation>
            <numerusform>%n utilisateur affiché, chargement…</numerusform>
            <numerusform>%n utilisateurs affichés, chargement…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/users/page.py" line="207"/>
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n utilisateur</numerusform>
            <numerusform>%n utilisateurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/admin/users/page.py" line="209"/>
        <source>%n user(s) shown, scroll for more</source>
        <translation>
            <numerusform>%n utilisateur affiché, faites défiler pour la suite</numerusform>
            <numerusform>%n utilisateurs affichés, faites défiler pour la suite</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="236"/>
        <source>Reactivate</source>
        <translation>Réactiver</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="238"/>
        <source>Deactivate…</source>
        <translation>Désactiver…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="282"/>
        <source>Deactivate the account of %1? They will no longer be able to log in; their data stays.</source>
        <translation>Désactiver le compte de %1 ? Cette personne ne pourra plus se connecter ; ses données sont conservées.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/admin/users/page.py" line="284"/>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
</context>
</TS>
