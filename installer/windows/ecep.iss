; eCEP — the Windows installer (Inno Setup 6.3 or later).
;
; Build the bundle on Windows first (`make bundle`, or
; `python -m PyInstaller --noconfirm installer\ecep.spec`: dist\ecep\ecep.exe), then:
;
;   iscc installer\windows\ecep.iss
;   iscc /DAppVersion=0.2.0 /DSourceDir=C:\build\dist\ecep installer\windows\ecep.iss
;
; Output: dist\ecep-setup-<version>.exe. What it does:
; - installs the bundle in Program Files\eCEP (ecep.exe: the desktop app; the school server
;   it starts is the same ecep.exe with --headless);
; - Start menu shortcut, optional desktop shortcut, optional start at login (all users);
; - optional: the Windows firewall opened for tablets on the Private profile only (TCP port
;   of the server, the attendance QR page's port next to it, and UDP 5353 for discovery),
;   with installer\windows-firewall.ps1; the uninstaller removes those rules;
; - uninstalling keeps the school's data (database, backups, logs, keys in
;   %LOCALAPPDATA%\eCEP\ecep-school-server) unless the administrator asks, and says where
;   it is. An upgrade is the same installer run again: the data is never touched.
;
; Not compiled in this repository's CI (Inno Setup runs on Windows only).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\ecep"
#endif
#ifndef ServerPort
  #define ServerPort "8470"
#endif
; The attendance QR page beside HTTPS (docs/discovery.md): the server's port + 1.
#define QrPagePort Str(Int(ServerPort) + 1)
#define AppName "eCEP"
#define AppExe "ecep.exe"
; Where lan_server keeps its data (platformdirs: user_data_dir("ecep-school-server", "eCEP")).
#define DataDir "{localappdata}\eCEP\ecep-school-server"

[Setup]
AppId={{9062131C-3760-4F6E-8F18-51EA63B76769}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=eCEP
AppPublisherURL=https://ecep.cm
DefaultDirName={autopf}\eCEP
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Firewall rules and Program Files need an administrator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=ecep-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; A running eCEP (the app or its server, both ecep.exe) is closed before files are replaced,
; and started again after an upgrade.
CloseApplications=yes
RestartApplications=yes
SetupLogging=yes
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.TasksGroup=Options :
en.TasksGroup=Options:
fr.FirewallTask=Ouvrir le pare-feu Windows aux tablettes de l'école (réseau privé : TCP {#ServerPort} et {#QrPagePort}, UDP 5353)
en.FirewallTask=Open the Windows firewall to the school's tablets (private network: TCP {#ServerPort} and {#QrPagePort}, UDP 5353)
fr.StartupTask=Démarrer eCEP à l'ouverture de session (conseillé sur le PC serveur de l'école)
en.StartupTask=Start eCEP when a user logs in (advised on the school's server PC)
fr.FirewallStatus=Réglage du pare-feu Windows…
en.FirewallStatus=Setting up the Windows firewall…
fr.LaunchApp=Lancer eCEP maintenant
en.LaunchApp=Start eCEP now
fr.RemoveDataQuestion=Supprimer aussi les données de l'école ?%n%n%1%n%nBase de données, sauvegardes, journaux et clés seront effacés définitivement. Répondez Non pour les garder (une réinstallation les retrouvera).
en.RemoveDataQuestion=Also delete the school's data?%n%n%1%n%nThe database, backups, logs and keys will be erased for good. Answer No to keep them (a new installation will find them).
fr.DataKept=Les données de l'école sont gardées dans :%n%1
en.DataKept=The school's data is kept in:%n%1

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "firewall"; Description: "{cm:FirewallTask}"; GroupDescription: "{cm:TasksGroup}"
Name: "startup"; Description: "{cm:StartupTask}"; GroupDescription: "{cm:TasksGroup}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no module of the previous version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\windows-firewall.ps1"; DestDir: "{app}\installer"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon
; All users' Startup folder: whoever logs in on the school's server PC starts its server.
Name: "{autostartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: startup

[Run]
Filename: "{sys}\WindowsPowerShell\v1.0\powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\installer\windows-firewall.ps1"" -Port {#ServerPort} -QrPagePort {#QrPagePort} -Program ""{app}\{#AppExe}"""; StatusMsg: "{cm:FirewallStatus}"; Flags: runhidden waituntilterminated; Tasks: firewall
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallRun]
Filename: "{sys}\WindowsPowerShell\v1.0\powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\installer\windows-firewall.ps1"" -Remove"; Flags: runhidden waituntilterminated; RunOnceId: "eCEPFirewallRemove"

[Code]
{ Uninstall: the school's data stays unless the administrator says otherwise. A silent
  uninstall (/SILENT, /VERYSILENT) never deletes it. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  DataDir := ExpandConstant('{#DataDir}');
  if not DirExists(DataDir) then
    exit;
  if UninstallSilent then
    exit;
  if MsgBox(FmtMessage(CustomMessage('RemoveDataQuestion'), [DataDir]), mbConfirmation,
            MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(DataDir, True, True, True)
  else
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
end;
