<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>FeedbackPanel</name>
    <message>
        <location filename="../../ecep_desktop/kiosk/feedback_panel.py" line="52"/>
        <source>Welcome!</source>
        <translation>Bienvenue !</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/feedback_panel.py" line="53"/>
        <source>Goodbye!</source>
        <translation>Au revoir !</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/feedback_panel.py" line="54"/>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/feedback_panel.py" line="55"/>
        <source>Saved</source>
        <translation>Enregistré</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/feedback_panel.py" line="65"/>
        <source>Kiosk problem</source>
        <translation>Problème de borne</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/feedback_panel.py" line="69"/>
        <source>Show your card to the camera</source>
        <translation>Présentez votre carte à la caméra</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../../ecep_desktop/kiosk/controller.py" line="225"/>
        <source>This is not an eCEP card.</source>
        <translation>Ce n&apos;est pas une carte eCEP.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/controller.py" line="227"/>
        <source>This card was not issued by this school.</source>
        <translation>Cette carte n&apos;a pas été délivrée par cette école.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/controller.py" line="268"/>
        <source>Card read. The server cannot be reached: the scan is saved and will be sent as soon as it answers.</source>
        <translation>Carte lue. Le serveur est injoignable : le passage est enregistré et sera envoyé dès qu&apos;il répondra.</translation>
    </message>
</context>
<context>
    <name>KioskPages</name>
    <message>
        <location filename="../../ecep_desktop/kiosk/__init__.py" line="23"/>
        <source>Kiosk</source>
        <translation>Borne</translation>
    </message>
</context>
<context>
    <name>KioskSetupPage</name>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="111"/>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="208"/>
        <source>Main gate</source>
        <translation>Portail principal</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="134"/>
        <source>Choose a video</source>
        <translation>Choisir une vidéo</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="134"/>
        <source>Videos (*.avi *.mp4 *.mkv *.mov)</source>
        <translation>Vidéos (*.avi *.mp4 *.mkv *.mov)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="180"/>
        <source>Register this PC as a kiosk first.</source>
        <translation>Enregistrez d&apos;abord ce PC comme borne.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="183"/>
        <source>Choose a video file, or the camera.</source>
        <translation>Choisissez un fichier vidéo, ou la caméra.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="194"/>
        <source>This PC as a kiosk</source>
        <translation>Ce PC comme borne</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="198"/>
        <source>This PC is registered as the kiosk “%1”.</source>
        <translation>Ce PC est enregistré comme la borne « %1 ».</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="200"/>
        <source>Register again</source>
        <translation>Enregistrer de nouveau</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="203"/>
        <source>This PC is not a kiosk of this school yet. Register it: the school server gives it its own key, kept on this PC.</source>
        <translation>Ce PC n&apos;est pas encore une borne de cette école. Enregistrez-le : le serveur de l&apos;école lui donne sa propre clé, gardée sur ce PC.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="206"/>
        <source>Register this PC</source>
        <translation>Enregistrer ce PC</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="207"/>
        <source>Kiosk name:</source>
        <translation>Nom de la borne :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="209"/>
        <source>Camera</source>
        <translation>Caméra</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="210"/>
        <source>Camera number</source>
        <translation>Caméra numéro</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="211"/>
        <source>Video file</source>
        <translation>Fichier vidéo</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="212"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="213"/>
        <source>QR decoder:</source>
        <translation>Décodeur QR :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="214"/>
        <source>Full screen (F11 to switch, Esc to leave)</source>
        <translation>Plein écran (F11 pour basculer, Échap pour sortir)</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/setup_page.py" line="215"/>
        <source>Open the kiosk</source>
        <translation>Ouvrir la borne</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message numerus="yes">
        <location filename="../../ecep_desktop/kiosk/window.py" line="105"/>
        <source>%n scan(s) waiting to be sent</source>
        <translation>
            <numerusform>%n passage en attente d&apos;envoi</numerusform>
            <numerusform>%n passages en attente d&apos;envoi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="110"/>
        <source>Server connected</source>
        <translation>Serveur connecté</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="112"/>
        <source>Server unreachable: scans are kept and sent when it answers</source>
        <translation>Serveur injoignable : les passages sont gardés et envoyés dès qu&apos;il répond</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="115"/>
        <source>Server refused the kiosk: %1</source>
        <translation>Le serveur a refusé la borne : %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="122"/>
        <source>Cannot open %1. Check that the camera is plugged in and not used by another program.</source>
        <translation>Impossible d&apos;ouvrir %1. Vérifiez que la caméra est branchée et qu&apos;aucun autre programme ne l&apos;utilise.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="127"/>
        <source>The video has ended.</source>
        <translation>La vidéo est terminée.</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="141"/>
        <source>%1 frames/s</source>
        <translation>%1 images/s</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="165"/>
        <source>eCEP kiosk — %1</source>
        <translation>Borne eCEP — %1</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="166"/>
        <source>Decoder:</source>
        <translation>Décodeur :</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/kiosk/window.py" line="171"/>
        <source>Connecting to the server…</source>
        <translation>Connexion au serveur…</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <location filename="../../ecep_desktop/kiosk/preview.py" line="43"/>
        <source>Waiting for the camera…</source>
        <translation>En attente de la caméra…</translation>
    </message>
</context>
<context>
    <name>QrDecoders</name>
    <message>
        <location filename="../../ecep_desktop/qr/decoding.py" line="62"/>
        <source>The zxing-cpp QR decoder is not installed (pip package &apos;zxing-cpp&apos;).</source>
        <translation>Le décodeur QR zxing-cpp n&apos;est pas installé (paquet pip « zxing-cpp »).</translation>
    </message>
    <message>
        <location filename="../../ecep_desktop/qr/decoding.py" line="89"/>
        <source>The pyzbar QR decoder needs the ZBar library: install the system package &apos;libzbar0&apos; (Debian/Ubuntu) and the pip package &apos;pyzbar&apos;, or use zxing-cpp.</source>
        <translation>Le décodeur QR pyzbar a besoin de la bibliothèque ZBar : installez le paquet système « libzbar0 » (Debian/Ubuntu) et le paquet pip « pyzbar », ou utilisez zxing-cpp.</translation>
    </message>
</context>
</TS>
