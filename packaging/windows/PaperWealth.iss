; Inno Setup script: dist\PaperWealth\ -> PaperWealth-<version>-setup.exe
; Built by packaging/build.py --installer (ISCC /DAppVersion=... /DSourceDir=...).
; Per-user install (no administrator rights), a Start-menu entry, and an
; uninstaller that keeps the user's data: the ledger lives in
; %LOCALAPPDATA%\PaperWealth, which this installer never touches.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\PaperWealth"
#endif

[Setup]
AppId={{6E7C2F0A-8B9D-4C51-9A43-2B1D5E8F7A10}
AppName=Paper Wealth
AppVersion={#AppVersion}
AppVerName=Paper Wealth {#AppVersion}
AppPublisher=Paper Wealth
DefaultDirName={localappdata}\Programs\Paper Wealth
DefaultGroupName=Paper Wealth
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputBaseFilename=PaperWealth-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\paperwealth.ico
UninstallDisplayIcon={app}\PaperWealth.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The frozen app is x64 (Windows on Arm runs it under emulation); Qt 6.8+
; needs Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
UninstallDisplayName=Paper Wealth

[Languages]
; Inno Setup ships no Chinese messages, so zh_CN.isl and zh_TW.isl (our own
; translations, beside this script) are laid over the English defaults: a
; message missing from them would show in English rather than break the build.
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Default.isl,zh_CN.isl"
Name: "zh_TW"; MessagesFile: "compiler:Default.isl,zh_TW.isl"

[CustomMessages]
en.DataKeptNote=Your portfolio data was not removed. It is kept in:%n%n%1%n%nDelete that folder yourself if you no longer need it.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Paper Wealth"; Filename: "{app}\PaperWealth.exe"
Name: "{group}\Uninstall Paper Wealth"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Paper Wealth"; Filename: "{app}\PaperWealth.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\PaperWealth.exe"; Description: "{cm:LaunchProgram,Paper Wealth}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries: the data folder is the user's, and stays.
; The uninstaller says so, and where it is, unless it runs silently.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    DataDir := ExpandConstant('{localappdata}\PaperWealth');
    if DirExists(DataDir) then
      MsgBox(FmtMessage(CustomMessage('DataKeptNote'), [DataDir]), mbInformation, MB_OK);
  end;
end;
