"""Build iPrint's Windows installer, out/dist/iPrint-Setup-<version>.exe, from the one-folder build.

    python build/build_exe.py --onedir          # first: out/dist/iPrint/ (on Windows or Wine)
    python build/build_installer.py [--source DIR] [--out FILE] [--version X.Y.Z] [--arch x64|x86] [--fast]

Runs NSIS's makensis (Debian: apt-get install nsis; it runs on Linux too) on installer/iPrint.nsi.
NSIS 3.08 has no Kazakh language file: one is made in the work folder from its Russian one
(language id 1087, the name Қазақша); our own strings (shortcuts, the messages) are Kazakh,
the standard page texts of NSIS stay Russian under it. Prints the setup's path and size; exit
code 0 built, 2 bad input (no one-folder build, no makensis), else makensis's.

  --source   the one-folder build (default out/dist/iPrint: iPrint.exe and _internal/)
  --out      the setup (default out/dist/iPrint-Setup-<version>.exe beside --source)
  --version  the version it installs (default app.__version__; tests make an "older" one)
  --arch     x64 (default: a 64-bit setup into Program Files) or x86 (the 32-bit build's,
             a 32-bit setup)
  --fast     zlib instead of solid LZMA: a larger setup built in a fraction of the time (tests)
  --ucrt-dll NAME  the file the Universal C runtime check looks for in the system folder
             (default ucrtbase.dll; a test names a missing one to see the KB2999226 message)
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NSI = os.path.join(ROOT, "installer", "iPrint.nsi")
ICON = os.path.join(ROOT, "installer", "iPrint.ico")
KAZAKH_ID = 1087


def app_version() -> str:
    with open(os.path.join(ROOT, "app", "__init__.py"), encoding="utf-8") as fh:
        return re.search(r'__version__ = "([^"]+)"', fh.read()).group(1)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--source", default=os.path.join(ROOT, "out", "dist", "iPrint"))
    p.add_argument("--out")
    p.add_argument("--version", default=None)
    p.add_argument("--arch", choices=("x64", "x86"), default="x64")
    p.add_argument("--fast", action="store_true", help="zlib, not solid LZMA (tests)")
    p.add_argument("--ucrt-dll", default="ucrtbase.dll", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def nsis_dir(makensis) -> str:
    """Where NSIS keeps its Contrib folder (Debian: /usr/share/nsis)."""
    proc = subprocess.run([makensis, "-HDRINFO"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    found = re.search(r"NSISDIR=\"?([^\"\s]+)", proc.stdout)
    for folder in ([found.group(1)] if found else []) + ["/usr/share/nsis",
                                                          os.path.dirname(makensis)]:
        if os.path.isdir(os.path.join(folder, "Contrib", "Language files")):
            return folder
    raise SystemExit("NSIS's 'Contrib/Language files' not found (makensis -HDRINFO)")


def make_kazakh(nsis, folder):
    """Kazakh.nlf and Kazakh.nsh from NSIS's Russian ones: the Kazakh id and name."""
    langs = os.path.join(nsis, "Contrib", "Language files")
    with open(os.path.join(langs, "Russian.nlf"), encoding="utf-8-sig") as fh:
        nlf = fh.read()
    nlf = re.sub(r"(# Language ID\r?\n)1049", r"\g<1>{}".format(KAZAKH_ID), nlf, count=1)
    with open(os.path.join(langs, "Russian.nsh"), encoding="utf-8-sig") as fh:
        nsh = fh.read()
    nsh = nsh.replace('!insertmacro LANGFILE "Russian" = "Русский" "Russkij"',
                      '!insertmacro LANGFILE "Kazakh" = "Қазақша" "Qazaqsha"', 1)
    if str(KAZAKH_ID) not in nlf or '"Kazakh"' not in nsh:
        raise SystemExit("NSIS's Russian language files have an unknown layout")
    for name, text in (("Kazakh.nlf", nlf), ("Kazakh.nsh", nsh)):
        with open(os.path.join(folder, name), "w", encoding="utf-8-sig") as fh:
            fh.write(text)


def build(args) -> int:
    source = os.path.abspath(args.source)
    version = args.version or app_version()
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        print("--version must be like 1.2.3, not {!r}".format(version), file=sys.stderr)
        return 2
    if not re.fullmatch(r"[\w.-]+\.dll", args.ucrt_dll):
        print("--ucrt-dll must be a file name like ucrtbase.dll", file=sys.stderr)
        return 2
    if not os.path.isfile(os.path.join(source, "iPrint.exe")):
        print("no Windows one-folder build in {} (python build/build_exe.py --onedir on Windows "
              "or under Wine: scripts/windows_build.sh)".format(source), file=sys.stderr)
        return 2
    makensis = shutil.which("makensis")
    if makensis is None:
        print("makensis is not on PATH (Debian: apt-get install nsis)", file=sys.stderr)
        return 2
    out = os.path.abspath(args.out or os.path.join(os.path.dirname(source),
                                                   "iPrint-Setup-{}.exe".format(version)))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    work = tempfile.mkdtemp(prefix="iprint-nsis-")
    try:
        make_kazakh(nsis_dir(makensis), work)
        cmd = [makensis, "-V2", "-INPUTCHARSET", "UTF8",
               "-DVERSION=" + version, "-DSOURCE=" + source, "-DOUTFILE=" + out,
               "-DICON=" + ICON, "-DLANGDIR=" + work, "-DARCH=" + args.arch]
        cmd += ["-DFAST"] if args.fast else []
        cmd.append("-DUCRT_DLL=" + args.ucrt_dll)
        cmd.append(NSI)
        rc = subprocess.call(cmd, cwd=ROOT)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if rc != 0 or not os.path.isfile(out):
        print("INSTALLER FAILED (makensis exit code {})".format(rc), file=sys.stderr)
        return rc or 1
    size = os.path.getsize(out)
    print("built:      {}".format(out))
    print("size:       {:.1f} MB ({:,} bytes), installs {}".format(size / 1e6, size, version))
    return 0


def main(argv=None) -> int:
    return build(parse(argv))


if __name__ == "__main__":
    sys.exit(main())
