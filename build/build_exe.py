"""Build iPrint's one-file executable (or its one-folder build) for the platform this runs on.

    python build/build_exe.py [--onedir] [--plain] [--upx] [--clean] [--dist DIR] [--work DIR]

Runs PyInstaller on installer/iPrint.spec. Its work and dist folders are outside build/:
out/pyinstaller-work and out/dist (out/ is git-ignored), so the result is out/dist/iPrint
(iPrint.exe on Windows); --plain builds into out/dist-plain. Prints the size and the build
time; the exit code is PyInstaller's.

  --onedir  the one-folder build: out/dist/iPrint/ holding iPrint(.exe) and _internal/ (what
            an installer installs; it starts without unpacking anything). On Linux it takes
            the one file's place (out/dist/iPrint is then a folder)
  --plain   the straightforward build (no excludes, no trimming, no strip), to compare sizes
  --upx     also compress the shared libraries with UPX (when `upx` is on PATH)
  --clean   forget PyInstaller's cache first (a slower, fully fresh build)
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, "installer", "iPrint.spec")
TARGET_MB = 55.0


def exe_name() -> str:
    return "iPrint.exe" if sys.platform.startswith("win") else "iPrint"


def default_dist() -> str:
    return os.path.join(ROOT, "out", "dist")


def default_work() -> str:
    return os.path.join(ROOT, "out", "pyinstaller-work")


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--onedir", action="store_true", help="the one-folder build")
    p.add_argument("--plain", action="store_true", help="no excludes, no trimming, no strip")
    p.add_argument("--upx", action="store_true", help="compress shared libraries with UPX")
    p.add_argument("--clean", action="store_true", help="forget PyInstaller's cache first")
    p.add_argument("--dist", default=default_dist(), help="where the executable goes")
    p.add_argument("--work", default=default_work(), help="PyInstaller's work folder")
    return p.parse_args(argv)


def build(args) -> int:
    dist, work = os.path.abspath(args.dist), os.path.abspath(args.work)
    if args.plain:  # beside the real one, never over it
        dist, work = dist + "-plain", work + "-plain"
    env = dict(os.environ)
    env["IPRINT_BUILD_PLAIN"] = "1" if args.plain else "0"
    env["IPRINT_BUILD_UPX"] = "1" if args.upx else "0"
    env["IPRINT_BUILD_ONEDIR"] = "1" if args.onedir else "0"
    if args.upx and shutil.which("upx") is None:
        print("upx is not on PATH (Debian: apt-get install upx-ucl)", file=sys.stderr)
        return 2
    cmd = [sys.executable, "-m", "PyInstaller", SPEC, "--noconfirm", "--log-level", "WARN",
           "--distpath", dist, "--workpath", work]
    if args.clean:
        cmd.append("--clean")
    if args.upx:
        cmd += ["--upx-dir", os.path.dirname(shutil.which("upx"))]
    folder = os.path.join(dist, "iPrint")
    target = os.path.join(folder, exe_name()) if args.onedir else os.path.join(dist, exe_name())
    # a failed build must not leave the old one looking new (on Linux the one file and the
    # folder have the same name)
    for old in {target, folder}:
        if os.path.isdir(old):
            shutil.rmtree(old)
        elif os.path.exists(old):
            os.remove(old)
    print("building {} ({}, Python {}.{}, {}{})".format(
        exe_name(), sys.platform, sys.version_info[0], sys.version_info[1],
        "plain" if args.plain else "trimmed" + (" + UPX" if args.upx else ""),
        ", one folder" if args.onedir else ""), flush=True)
    started = time.perf_counter()
    rc = subprocess.call(cmd, cwd=ROOT, env=env)
    seconds = time.perf_counter() - started
    if rc != 0 or not os.path.exists(target):
        print("BUILD FAILED (exit code {}) after {:.0f} s".format(rc, seconds), file=sys.stderr)
        return rc or 1
    if args.onedir:
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _s, fs in os.walk(folder) for f in fs)
        print("built:      {} (one folder)".format(target))
    else:
        size = os.path.getsize(target)
        print("built:      {}".format(target))
    mb = size / 1e6
    if args.onedir:  # unpacked: the size limit is the one file's (a download, a USB stick)
        print("size:       {:.1f} MB = {:.1f} MiB ({:,} bytes) in the folder".format(
            mb, size / 1048576.0, size))
    else:
        print("size:       {:.1f} MB = {:.1f} MiB ({:,} bytes); target <= {:.0f} MB: {}".format(
            mb, size / 1048576.0, size, TARGET_MB, "met" if mb <= TARGET_MB else "NOT met"))
    print("build time: {:.0f} s".format(seconds), flush=True)
    return 0


def main(argv=None) -> int:
    return build(parse(argv))


if __name__ == "__main__":
    sys.exit(main())
