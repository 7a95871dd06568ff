; iPrint-Setup-<version>.exe: installs the one-folder build (out/dist/iPrint/) for this user or
; for all users of the PC. Built by build/build_installer.py, which passes:
;   /DVERSION=0.1.0  /DSOURCE=<the one-folder build>  /DOUTFILE=<the setup .exe>
;   /DICON=installer\iPrint.ico  /DARCH=x64 or x86 (the build's: a 64-bit setup for the x64 build,
;   which is what runs under a 64-bit-only Wine too; a 32-bit one for the x86 build)
;   /DLANGDIR=<folder with Kazakh.nlf/.nsh>  (NSIS 3.08 has no Kazakh: made from Russian's)
; The shop's data (database, backups, logs in %APPDATA%\iPrint; documents in
; Documents\iPrint) belong to each Windows user and are never touched here: an upgrade or an
; uninstall removes the program's files only.
; Silent: iPrint-Setup.exe /S [/CurrentUser | /AllUsers] [/D=folder]; uninstall.exe /S
; Exit codes: 0 done, 1 cancelled or failed, 2 this PC lacks the Universal C runtime.

!if "${ARCH}" == "x64"
  Target amd64-unicode
!else
  Target x86-unicode
!endif
ManifestDPIAware true
!ifdef FAST
  SetCompressor zlib ; a quick build for tests (an "older version" to upgrade from)
!else
  SetCompressor /SOLID lzma
!endif

!define APP "iPrint"
!define /ifndef UCRT_DLL "ucrtbase.dll" ; another name only in a test of the message
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\iPrint"
!define APP_KEY "Software\iPrint"

Name "${APP}"
OutFile "${OUTFILE}"
BrandingText "${APP} ${VERSION}"
RequestExecutionLevel user ; MultiUser asks for more when all users are chosen

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!if "${ARCH}" == "x64"
  !define MULTIUSER_USE_PROGRAMFILES64
!endif
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT SHCTX
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\iPrint.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; the state language first
!insertmacro MUI_LANGUAGEEX "${LANGDIR}" "Kazakh"
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SHORTCUT ${LANG_KAZAKH} "iPrint — баспахананы басқару"
LangString SHORTCUT ${LANG_RUSSIAN} "iPrint — управление типографией"
LangString SHORTCUT ${LANG_ENGLISH} "iPrint — print shop management"
LangString UNSHORTCUT ${LANG_KAZAKH} "iPrint бағдарламасын жою"
LangString UNSHORTCUT ${LANG_RUSSIAN} "Удалить iPrint"
LangString UNSHORTCUT ${LANG_ENGLISH} "Uninstall iPrint"
LangString NO_UCRT ${LANG_KAZAKH} "Бұл компьютерде Windows-тың әмбебап C кітапханасы (ucrtbase.dll) жоқ, онсыз iPrint іске қосылмайды.$\r$\n$\r$\nWindows 7 немесе 8.1 болса, Microsoft-тың KB2999226 жаңартуын (Windows Update арқылы немесе Microsoft сайтынан) орнатып, компьютерді қайта қосыңыз, содан кейін орнатуды қайталаңыз."
LangString NO_UCRT ${LANG_RUSSIAN} "На этом компьютере нет универсальной библиотеки C Windows (ucrtbase.dll), без неё iPrint не запустится.$\r$\n$\r$\nЕсли это Windows 7 или 8.1, установите обновление Microsoft KB2999226 (через Центр обновления Windows или с сайта Microsoft), перезагрузите компьютер и запустите установку снова."
LangString NO_UCRT ${LANG_ENGLISH} "This PC lacks Windows' Universal C Runtime (ucrtbase.dll); iPrint cannot start without it.$\r$\n$\r$\nOn Windows 7 or 8.1 install Microsoft's update KB2999226 (through Windows Update or from Microsoft's site), restart the PC, then run this setup again."
LangString RUNNING ${LANG_KAZAKH} "iPrint әлі ашық тұр. Оны жауып, «Қайталау» батырмасын басыңыз."
LangString RUNNING ${LANG_RUSSIAN} "iPrint ещё открыт. Закройте его и нажмите «Повтор»."
LangString RUNNING ${LANG_ENGLISH} "iPrint is still open. Close it, then press Retry."

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "iPrint"

; The Universal C runtime: Python 3.8 needs it; Windows 10 has it, Windows 7 and 8.1 only with
; KB2999226, which puts ucrtbase.dll into the system folder (a 32-bit setup sees SysWOW64's).
Function CheckUcrt
  ${IfNot} ${FileExists} "$SYSDIR\${UCRT_DLL}"
    MessageBox MB_OK|MB_ICONSTOP "$(NO_UCRT)" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Function .onInit
  !if "${ARCH}" == "x64"
    SetRegView 64
  !endif
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
  Call CheckUcrt
FunctionEnd

Function un.onInit
  !if "${ARCH}" == "x64"
    SetRegView 64
  !endif
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; The program's own files, by name: never RMDir /r on a folder a person may have chosen.
!macro RemoveProgramFiles
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\iPrint.exe"
  Delete "$INSTDIR\uninstall.exe"
!macroend

!macro RemoveShortcuts
  Delete "$SMPROGRAMS\${APP}\*.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  ; the desktop shortcut of any language this setup speaks (the language may have changed)
  Delete "$DESKTOP\iPrint — баспахананы басқару.lnk"
  Delete "$DESKTOP\iPrint — управление типографией.lnk"
  Delete "$DESKTOP\iPrint — print shop management.lnk"
!macroend

Section "iPrint" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; an upgrade: the old version's files go first (a module the new one no longer has must not
  ; linger); the data in %APPDATA%\iPrint is not here and stays
  ${If} ${FileExists} "$INSTDIR\iPrint.exe"
    retry:
    ClearErrors
    Delete "$INSTDIR\iPrint.exe"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(RUNNING)" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 1
      Abort
    ${EndIf}
    !insertmacro RemoveProgramFiles
    !insertmacro RemoveShortcuts
  ${EndIf}
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\$(SHORTCUT).lnk" "$INSTDIR\iPrint.exe"
  CreateShortcut "$SMPROGRAMS\${APP}\$(UNSHORTCUT).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\$(SHORTCUT).lnk" "$INSTDIR\iPrint.exe"

  WriteRegStr SHCTX "${APP_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${APP}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\iPrint.exe"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  ; the shop's data (%APPDATA%\iPrint: database, backups, logs; Documents\iPrint) is the
  ; shop's, not the program's: it stays for a reinstall or to be copied to a new PC
  !insertmacro RemoveProgramFiles
  !insertmacro RemoveShortcuts
  RMDir "$INSTDIR" ; only when empty: whatever a person put there stays
  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "${APP_KEY}"
SectionEnd
