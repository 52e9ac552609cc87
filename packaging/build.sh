#!/usr/bin/env bash
# Builds the one-folder desktop bundle of Evidence Vault with PyInstaller:
#
#     packaging/build.sh            -> dist/evidence-vault/evidence-vault (Linux), plus
#                                      evidence-vault-console (Windows, macOS; and the .app)
#     packaging/build.sh --debug    -> the same with PyInstaller's debugging bootloader
#     packaging/build.sh --archive  -> also the download: dist/evidence-vault-VERSION-linux-
#                                      MACHINE.tar.gz, -windows-x64.zip, or -macos-MACHINE.zip
#                                      (the .app)
#
# Runs on Linux, macOS and Windows (Git Bash); each builds for its own system. It uses
# the project's .venv (scripts/setup makes it), installs the pinned PyInstaller there if
# missing, compiles the translations with pyside6-lrelease, builds from packaging/evidence-vault.spec,
# then runs the bundle's --version as a smoke test. The bundle's size is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER_VERSION="6.22.3"

if [ -x .venv/bin/python ]; then
  python=.venv/bin/python
  bin=.venv/bin
elif [ -x .venv/Scripts/python.exe ]; then
  python=.venv/Scripts/python.exe
  bin=.venv/Scripts
else
  echo "build.sh: no .venv; run scripts/setup first" >&2
  exit 1
fi

debug=0
archive=0
for arg in "$@"; do
  case "$arg" in
    --debug) debug=1 ;;
    --archive) archive=1 ;;
    *) echo "build.sh: unknown option $arg (--debug, --archive)" >&2; exit 2 ;;
  esac
done

installed=$("$python" -c 'import importlib.metadata as m; print(m.version("pyinstaller"))' 2>/dev/null || true)
if [ "$installed" != "$PYINSTALLER_VERSION" ]; then
  echo "Installing PyInstaller $PYINSTALLER_VERSION into .venv"
  "$python" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION"
fi

# Compile every translation afresh into build/qm (the spec prefers these to the committed
# .qm files), so a bundle never ships a catalogue older than its .ts source.
rm -rf build/qm
mkdir -p build/qm
for ts in resources/translations/*.ts; do
  name=$(basename "${ts%.ts}")
  "$bin/pyside6-lrelease" -silent "$ts" -qm "build/qm/$name.qm"
done

rm -rf build/pyinstaller dist/evidence-vault
EV_BUNDLE_DEBUG="$debug" "$python" -m PyInstaller --noconfirm --clean \
  --workpath build/pyinstaller --distpath dist packaging/evidence-vault.spec

case "$(uname -s)" in
  Darwin) exe="dist/evidence-vault/evidence-vault-console" ;;
  MINGW*|MSYS*|CYGWIN*) exe="dist/evidence-vault/evidence-vault-console.exe" ;;
  *) exe="dist/evidence-vault/evidence-vault" ;;
esac
"$exe" --version
echo "Bundle: dist/evidence-vault ($(du -sh dist/evidence-vault | cut -f1))"

if [ "$archive" -eq 1 ]; then
  version=$("$python" -c 'import app; print(app.__version__)')
  case "$(uname -s)" in
    Darwin)
      # The .app, zipped by ditto (keeps its symbolic links, extended attributes and,
      # once signed, the signature; packaging/SIGNING.md signs before this step).
      name="evidence-vault-$version-macos-$(uname -m).zip"
      ditto -c -k --sequesterRsrc --keepParent "dist/Evidence Vault.app" "dist/$name"
      ;;
    MINGW*|MSYS*|CYGWIN*)
      # A .zip, which Windows opens without extra tools.
      name="evidence-vault-$version-windows-x64.zip"
      (cd dist && "../$python" -m zipfile -c "$name" evidence-vault)
      ;;
    *)
      name="evidence-vault-$version-linux-$(uname -m).tar.gz"
      tar -C dist -czf "dist/$name" evidence-vault
      ;;
  esac
  echo "Archive: dist/$name ($(du -sh "dist/$name" | cut -f1))"
fi
