; Inno Setup script for 党政办台账 on Windows 10/11 64-bit.
;
; It cannot be run on the Linux build machine (nor was it run there): it needs Windows and
; Inno Setup 6. Simplified Chinese is one of Inno Setup's user-contributed translations, not
; shipped with it: put ChineseSimplified.isl (from jrsoftware.org's translations page) beside
; this script before compiling. Build the one-folder program on Windows
; first (`.venv\Scripts\python installer\build_frozen.py`, which writes dist\dangzhengban\
; and runs its --self-test), then compile this script with ISCC.exe:
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\dangzhengban.iss
; The installer lands in dist\installer\.
;
; Per-user install (no administrator rights needed on an office PC): the program goes to
; %LOCALAPPDATA%\Programs\党政办台账; the data stays in the per-user data folder and is
; never touched by install, upgrade or uninstall.

#define AppName "党政办台账"
#define AppVersion "0.1.0"
#define AppExe "dangzhengban.exe"

[Setup]
AppId={{6B1F3C2A-0D5E-4C6B-9F3A-2D1E5A7C9B10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=党政办台账-安装-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "..\dist\dangzhengban\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent
