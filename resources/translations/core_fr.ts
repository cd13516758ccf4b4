<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="100"/>
        <source>The administrator&apos;s account</source>
        <translation>Le compte de l&apos;administrateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="101"/>
        <source>The person who manages the school in eCEP.</source>
        <translation>La personne qui gère l&apos;école dans eCEP.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="102"/>
        <source>Username</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="102"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="102"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="103"/>
        <source>Email (optional)</source>
        <translation>E-mail (facultatif)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="103"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="103"/>
        <source>Password again</source>
        <translation>Mot de passe (encore)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="109"/>
        <source>The two passwords are different.</source>
        <translation>Les deux mots de passe sont différents.</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <location filename="../../ecep_desktop/api/errors.py" line="46"/>
        <source>The server answered with an unexpected error (HTTP %1).</source>
        <translation>Le serveur a répondu par une erreur inattendue (HTTP %1).</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/api/errors.py" line="53"/>
        <source>The school server cannot be reached. Check the network, then retry.</source>
        <translation>Le serveur de l&apos;école est injoignable. Vérifiez le réseau, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/api/errors.py" line="61"/>
        <source>Your session has ended. Please log in again.</source>
        <translation>Votre session est terminée. Veuillez vous reconnecter.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/api/errors.py" line="68"/>
        <source>The server&apos;s certificate changed: this may not be your school server. Nothing was sent. If the server was reinstalled, ask the administrator to pair this computer again.</source>
        <translation>Le certificat du serveur a changé : ce n&apos;est peut-être pas le serveur de votre école. Rien n&apos;a été envoyé. Si le serveur a été réinstallé, demandez à l&apos;administrateur d&apos;appairer à nouveau cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>BackupsBox</name>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="123"/>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="125"/>
        <source>Made on</source>
        <translation>Faite le</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="125"/>
        <source>Kind</source>
        <translation>Sorte</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="125"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="126"/>
        <source>Back up now</source>
        <translation>Sauvegarder maintenant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="127"/>
        <source>Export to a USB folder…</source>
        <translation>Exporter vers un dossier USB…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="128"/>
        <source>Restore…</source>
        <translation>Restaurer…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="129"/>
        <source>Support bundle…</source>
        <translation>Dossier d&apos;assistance…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="130"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="132"/>
        <source>No backup for more than two days: is the school server running every day? Back up now, and copy a backup onto a USB stick.</source>
        <translation>Aucune sauvegarde depuis plus de deux jours : le serveur de l&apos;école tourne-t-il chaque jour ? Sauvegardez maintenant, et copiez une sauvegarde sur une clé USB.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="138"/>
        <source>daily</source>
        <translation>quotidienne</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="139"/>
        <source>by hand</source>
        <translation>à la main</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="140"/>
        <source>before an update</source>
        <translation>avant une mise à jour</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="141"/>
        <source>before a restore</source>
        <translation>avant une restauration</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="173"/>
        <source>No backup yet.</source>
        <translation>Pas encore de sauvegarde.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="229"/>
        <source>Backing up…</source>
        <translation>Sauvegarde en cours…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="232"/>
        <source>Backup made and checked: %1</source>
        <translation>Sauvegarde faite et vérifiée : %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="243"/>
        <source>Choose the USB stick (or a folder on it)</source>
        <translation>Choisissez la clé USB (ou un dossier de la clé)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="249"/>
        <source>Copying %1…</source>
        <translation>Copie de %1…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="256"/>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="299"/>
        <source>Could not write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="259"/>
        <source>Copied to %1. Keep the stick away from this PC.</source>
        <translation>Copiée dans %1. Gardez la clé loin de ce PC.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="268"/>
        <source>Replace the whole school database by the backup of %1?

The current database is kept aside first (a &quot;before a restore&quot; backup). Logins made since then end: everyone logs in again.</source>
        <translation>Remplacer toute la base de l&apos;école par la sauvegarde du %1 ?

La base actuelle est d&apos;abord mise de côté (une sauvegarde « avant une restauration »). Les connexions ouvertes depuis prennent fin : chacun se reconnecte.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="271"/>
        <source>Restore a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="275"/>
        <source>Restoring…</source>
        <translation>Restauration en cours…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="279"/>
        <source>Database restored from %1. The replaced one is kept as %2.</source>
        <translation>Base restaurée depuis %1. L&apos;ancienne est gardée sous %2.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="286"/>
        <source>Save the support bundle</source>
        <translation>Enregistrer le dossier d&apos;assistance</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="287"/>
        <source>Zip files (*.zip)</source>
        <translation>Fichiers zip (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="292"/>
        <source>Preparing the support bundle…</source>
        <translation>Préparation du dossier d&apos;assistance…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/backups_box.py" line="302"/>
        <source>Support bundle saved: %1 (logs, versions, settings without secrets).</source>
        <translation>Dossier d&apos;assistance enregistré : %1 (journaux, versions, réglages sans les secrets).</translation>
    </message>
</context>
<context>
    <name>DevicesBox</name>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="66"/>
        <source>Devices seen recently</source>
        <translation>Appareils vus récemment</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="68"/>
        <source>Kiosk</source>
        <translation>Borne</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="68"/>
        <source>Last seen</source>
        <translation>Vue pour la dernière fois</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="68"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="69"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="89"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="90"/>
        <source>revoked</source>
        <translation>révoquée</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="90"/>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/devices.py" line="93"/>
        <source>No kiosk registered yet.</source>
        <translation>Aucune borne enregistrée pour le moment.</translation>
    </message>
</context>
<context>
    <name>DiscoveredServerList</name>
    <message>
        <location filename="../../ecep_desktop/launch/discovery.py" line="116"/>
        <source>School not set up yet</source>
        <translation>École pas encore configurée</translation>
    </message>
</context>
<context>
    <name>DiscoveryBox</name>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="61"/>
        <source>Network discovery</source>
        <translation>Découverte sur le réseau</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="63"/>
        <source>The server computer announces the school server on the network. If a tablet does not find it, scan the pairing code.</source>
        <translation>L&apos;ordinateur serveur annonce le serveur de l&apos;école sur le réseau. Si une tablette ne le trouve pas, scannez le code d&apos;appairage.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="68"/>
        <source>Announcing is turned off: tablets connect with the pairing code or the address.</source>
        <translation>L&apos;annonce est désactivée : les tablettes se connectent avec le code d&apos;appairage ou l&apos;adresse.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="71"/>
        <source>Announced on every network of this PC: tablets and PCs on the same network find it by themselves.</source>
        <translation>Annoncé sur tous les réseaux de ce PC : les tablettes et PC du même réseau le trouvent d&apos;eux-mêmes.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="74"/>
        <source>Announced only on %1.</source>
        <translation>Annoncé uniquement sur %1.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="79"/>
        <source>Secure link (HTTPS). Certificate fingerprint, to compare on a new device:
%1</source>
        <translation>Liaison sécurisée (HTTPS). Empreinte du certificat, à comparer sur un nouvel appareil :
%1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="82"/>
        <source>Link not encrypted (HTTP).</source>
        <translation>Liaison non chiffrée (HTTP).</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/discovery_box.py" line="84"/>
        <source>Windows marks this PC&apos;s network as Public: its firewall blocks tablets. Mark the school network as Private (Windows settings, Network), or run the eCEP firewall script of the installer.</source>
        <translation>Windows indique que le réseau de ce PC est public : son pare-feu bloque les tablettes. Marquez le réseau de l&apos;école comme privé (Paramètres Windows, Réseau), ou lancez le script de pare-feu eCEP de l&apos;installateur.</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="145"/>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="146"/>
        <source>The school is created when you press Finish.</source>
        <translation>L&apos;école est créée quand vous appuyez sur Terminer.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="148"/>
        <source>Also load demonstration data (classes CP to CM2, teachers, about 300 pupils)</source>
        <translation>Charger aussi des données de démonstration (classes du CP au CM2, enseignants, environ 300 élèves)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="150"/>
        <source>Setup code: the content of the file setup.token in the server&apos;s data folder.</source>
        <translation>Code d&apos;installation : le contenu du fichier setup.token dans le dossier de données du serveur.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="158"/>
        <source>Creating the school…</source>
        <translation>Création de l&apos;école…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="159"/>
        <source>Loading the demonstration data may take a moment.</source>
        <translation>Le chargement des données de démonstration peut prendre un moment.</translation>
    </message>
</context>
<context>
    <name>LaunchChoiceDialog</name>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="117"/>
        <source>Welcome to eCEP</source>
        <translation>Bienvenue dans eCEP</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="118"/>
        <source>How does this computer work with the school server?</source>
        <translation>Comment cet ordinateur travaille-t-il avec le serveur de l&apos;école ?</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="120"/>
        <source>This PC is the school server (the server runs here, with the school&apos;s data)</source>
        <translation>Ce PC est le serveur de l&apos;école (le serveur tourne ici, avec les données de l&apos;école)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="121"/>
        <source>Connect to a school server on the network</source>
        <translation>Se connecter à un serveur d&apos;école du réseau</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="123"/>
        <source>Or type its address (port %1 if none is given), or paste its pairing code:</source>
        <translation>Ou tapez son adresse (port %1 si aucun n&apos;est donné), ou collez son code d&apos;appairage :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="206"/>
        <source>This address answers with another eCEP server than the one chosen.</source>
        <translation>Cette adresse répond avec un autre serveur eCEP que celui choisi.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="222"/>
        <source>Trust this school server?</source>
        <translation>Faire confiance à ce serveur d&apos;école ?</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="224"/>
        <source>This is the first connection to %1 over a secure link. Check that its certificate fingerprint is the one shown on the server&apos;s page:

%2

Trust this server?</source>
        <translation>C&apos;est la première connexion sécurisée à %1. Vérifiez que l&apos;empreinte de son certificat est celle affichée sur la page du serveur :

%2

Faire confiance à ce serveur ?</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="125"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="139"/>
        <source>Automatic discovery is not available here: type the address.</source>
        <translation>La recherche automatique n&apos;est pas disponible ici : tapez l&apos;adresse.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="141"/>
        <source>School servers found on the network:</source>
        <translation>Serveurs d&apos;école trouvés sur le réseau :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="143"/>
        <source>Looking for school servers on the network… If none appears (some Wi-Fi access points block discovery), type the address shown on the server&apos;s page.</source>
        <translation>Recherche des serveurs d&apos;école sur le réseau… Si aucun n&apos;apparaît (certains points d&apos;accès Wi-Fi bloquent la recherche), tapez l&apos;adresse affichée sur la page du serveur.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/choice.py" line="190"/>
        <source>Enter the address of the school server.</source>
        <translation>Saisissez l&apos;adresse du serveur de l&apos;école.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="79"/>
        <source>Log in to eCEP</source>
        <translation>Connexion à eCEP</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="80"/>
        <source>Username or email</source>
        <translation>Identifiant ou e-mail</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="81"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="82"/>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="85"/>
        <source>Your session has ended. Enter your password to continue where you were.</source>
        <translation>Votre session est terminée. Saisissez votre mot de passe pour reprendre là où vous étiez.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="87"/>
        <source>School: %1</source>
        <translation>École : %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="89"/>
        <source>Log in with your school account.</source>
        <translation>Connectez-vous avec votre compte de l&apos;école.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/login/dialog.py" line="94"/>
        <source>Enter your username and your password.</source>
        <translation>Saisissez votre identifiant et votre mot de passe.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="151"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="152"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="153"/>
        <source>&amp;Log out</source>
        <translation>&amp;Se déconnecter</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="154"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="155"/>
        <source>There is nothing for your account in this app yet.</source>
        <translation>Il n&apos;y a encore rien pour votre compte dans cette application.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="160"/>
        <source>administrator</source>
        <translation>administrateur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="160"/>
        <source>teacher</source>
        <translation>enseignant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="161"/>
        <source>pupil</source>
        <translation>élève</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="161"/>
        <source>parent</source>
        <translation>parent</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="163"/>
        <source>%1 (%2) — server %3</source>
        <translation>%1 (%2) — serveur %3</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="178"/>
        <source>Close eCEP</source>
        <translation>Fermer eCEP</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/main_window.py" line="179"/>
        <source>This PC is the school server: closing eCEP stops it, and tablets and other PCs can no longer reach it. Close anyway?</source>
        <translation>Ce PC est le serveur de l&apos;école : fermer eCEP l&apos;arrête, et les tablettes et les autres PC ne peuvent plus le joindre. Fermer quand même ?</translation>
    </message>
</context>
<context>
    <name>SchoolPage</name>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="53"/>
        <source>Your school</source>
        <translation>Votre école</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="54"/>
        <source>This is done once. You can change it later.</source>
        <translation>Cela se fait une seule fois. Vous pourrez le modifier plus tard.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="55"/>
        <source>School name</source>
        <translation>Nom de l&apos;école</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="55"/>
        <source>Town</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="56"/>
        <source>Language of the school</source>
        <translation>Langue de l&apos;école</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="58"/>
        <source>e.g. École publique de Bonabéri</source>
        <translation>p. ex. École publique de Bonabéri</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <location filename="../../ecep_desktop/server_panel/__init__.py" line="21"/>
        <source>School server</source>
        <translation>Serveur de l&apos;école</translation>
    </message>
</context>
<context>
    <name>ServerPanelPage</name>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="105"/>
        <source>How tablets and PCs reach this server</source>
        <translation>Comment les tablettes et les PC joignent ce serveur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="109"/>
        <source>This PC has no network address right now.</source>
        <translation>Ce PC n&apos;a pas d&apos;adresse réseau pour le moment.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="111"/>
        <source>Scan this code with a tablet to connect it to the school server, or type the address above.</source>
        <translation>Scannez ce code avec une tablette pour la relier au serveur de l&apos;école, ou saisissez l&apos;adresse ci-dessus.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="113"/>
        <source>School server</source>
        <translation>Serveur de l&apos;école</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="114"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="114"/>
        <source>Server id</source>
        <translation>Identifiant du serveur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="115"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="118"/>
        <source>On another computer: %1</source>
        <translation>Sur un autre ordinateur : %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/page.py" line="121"/>
        <source>The log is on the computer that runs the server.</source>
        <translation>Le journal est sur l&apos;ordinateur qui fait tourner le serveur.</translation>
    </message>
</context>
<context>
    <name>ServerStartDialog</name>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="74"/>
        <source>School server</source>
        <translation>Serveur de l&apos;école</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="81"/>
        <source>Use port %1 instead</source>
        <translation>Utiliser le port %1 à la place</translation>
    </message>
</context>
<context>
    <name>ServerState</name>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="27"/>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="28"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="29"/>
        <source>Running on port %1</source>
        <translation>En marche sur le port %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="30"/>
        <source>Stopped unexpectedly; restarting…</source>
        <translation>Arrêté de façon inattendue ; redémarrage…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="31"/>
        <source>Port %1 is used by another program.</source>
        <translation>Le port %1 est utilisé par un autre programme.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/launch/server_start.py" line="33"/>
        <source>Could not be started: %1</source>
        <translation>Impossible de démarrer : %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ecep_desktop/shell/settings_dialog.py" line="52"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/settings_dialog.py" line="53"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/settings_dialog.py" line="55"/>
        <source>The menus change at once; some screens change when eCEP is started again.</source>
        <translation>Les menus changent tout de suite ; certains écrans changent au prochain démarrage d&apos;eCEP.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/settings_dialog.py" line="57"/>
        <source>At the next start, ask again whether this PC is the school server or connects to one</source>
        <translation>Au prochain démarrage, redemander si ce PC est le serveur de l&apos;école ou s&apos;il se connecte à un serveur</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ecep_desktop/launch/wizard.py" line="190"/>
        <source>Set up the school</source>
        <translation>Installer l&apos;école</translation>
    </message>
</context>
<context>
    <name>SyncBox</name>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="78"/>
        <source>Synchronisation with the eCEP platform</source>
        <translation>Synchronisation avec la plateforme eCEP</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="80"/>
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="80"/>
        <source>Changes waiting</source>
        <translation>Changements en attente</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="80"/>
        <source>Last success</source>
        <translation>Dernière réussite</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="81"/>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="84"/>
        <source>Sync now</source>
        <translation>Synchroniser maintenant</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="103"/>
        <source>Reading the state…</source>
        <translation>Lecture de l&apos;état…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="108"/>
        <source>This server is not enrolled with a hub yet. Ask the platform&apos;s administrator for a code, then run: ecep-server sync-enroll --hub URL --code CODE</source>
        <translation>Ce serveur n&apos;est pas encore inscrit auprès d&apos;un hub. Demandez un code à l&apos;administrateur de la plateforme, puis lancez : ecep-server sync-enroll --hub URL --code CODE</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="111"/>
        <source>%1 — cannot be reached right now; the server tries again by itself.</source>
        <translation>%1 — injoignable pour l&apos;instant ; le serveur réessaie de lui-même.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="115"/>
        <source>%1 — reachable</source>
        <translation>%1 — joignable</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="121"/>
        <source>Everything is sent.</source>
        <translation>Tout est envoyé.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="122"/>
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n changement à envoyer</numerusform>
            <numerusform>%n changements à envoyer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="124"/>
        <source>(%n received row(s) waiting for their parent)</source>
        <translation>
            <numerusform>(%n ligne reçue attend sa ligne parente)</numerusform>
            <numerusform>(%n lignes reçues attendent leur ligne parente)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="127"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="128"/>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="138"/>
        <source>Synchronising…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="148"/>
        <source>Synchronised: %1 row(s) sent, %2 received.</source>
        <translation>Synchronisé : %1 ligne(s) envoyée(s), %2 reçue(s).</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/server_panel/sync_box.py" line="152"/>
        <source>The synchronisation did not complete; see the last error. The server tries again by itself.</source>
        <translation>La synchronisation n&apos;a pas abouti ; voyez la dernière erreur. Le serveur réessaie de lui-même.</translation>
    </message>
</context>
<context>
    <name>UnreachableBanner</name>
    <message>
        <location filename="../../ecep_desktop/shell/banner.py" line="42"/>
        <source>The school server cannot be reached. Your work is kept; check the network or the server, then retry.</source>
        <translation>Le serveur de l&apos;école est injoignable. Votre travail est conservé ; vérifiez le réseau ou le serveur, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/shell/banner.py" line="44"/>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
</context>
</TS>
