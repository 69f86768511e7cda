#!/usr/bin/env bash
# Slicewise set-up on Debian 12: installs the packages it lacks, builds, then either launches the
# app on its built-in sample (`run`) or runs the whole test suite (`test`).
# Usage: packaging/setup.sh run|test      (as root, or a user with sudo)
set -euo pipefail

mode="${1:-}"
case "$mode" in run|test) ;; *) echo "usage: $0 run|test" >&2; exit 2 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SLICEWISE_BUILD_DIR:-$root/build}"

packages=(
  cmake g++ ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins libqt6opengl6-dev libqt6sql6-sqlite qt6-svg-dev
  libvtk9-dev libinsighttoolkit5-dev libdcmtk-dev libtorch-dev libopenblas0-openmp
  libsqlite3-dev libssl-dev nlohmann-json3-dev libcli11-dev libeigen3-dev libtbb-dev zlib1g-dev
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core
  # dciodvfy (David Clunie's validator) checks every DICOM SEG the tests write
  dicom3tools
  # a throwaway PACS the PACS tests start on loopback ports
  orthanc openssl
  # a single-node Slurm cluster the Slurm runner's tests start in a scratch folder
  slurmctld slurmd slurm-client munge
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${#missing[@]} Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc)"
start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$jobs"
echo "build finished in $(( $(date +%s) - start )) s"

if [ "$mode" = test ]; then
  cd "$build"
  # One Xvfb for the whole suite: the OpenGL tests (label gl) draw into it; the others run offscreen.
  exec xvfb-run -a -s "-screen 0 1920x1200x24" \
    ctest --output-on-failure --no-tests=error -j "$jobs"
fi

gui="$build/bin/slicewise"
if [ -x "$gui" ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "no display: starting the app under Xvfb (set DISPLAY to see it)" >&2
    exec xvfb-run -a -s "-screen 0 1920x1200x24" "$gui"
  fi
  exec "$gui"
fi
echo "The desktop app is not built yet: showing the built-in sample with the CLI instead." >&2
sample="$build/sample"
"$build/bin/slicewise-cli" sample --out "$sample"
"$build/bin/slicewise-cli" info "$sample/sample-ct.nii.gz"
exec "$build/bin/slicewise-cli" labels info "$sample/sample-labels.nii.gz"
