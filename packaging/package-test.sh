#!/usr/bin/env bash
# The Debian package, installed as a user would: builds it (CPack), makes a fresh Debian 12 root
# with debootstrap, installs the package there with apt (which must resolve every dependency),
# checks that each installed program finds all its libraries, runs `slicewise-cli --version` and a
# CLI round trip, and takes a screenshot of the installed app under Xvfb.
# Usage: packaging/package-test.sh [WORK_DIR]   (as root: debootstrap and chroot; needs the mirror)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SLICEWISE_BUILD_DIR:-$root/build}"
work="${1:-$build/package-test}"
mirror="${SLICEWISE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" -eq 0 ] || { echo "package-test: run as root (debootstrap, chroot)" >&2; exit 2; }
for tool in debootstrap cpack dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package-test: $tool is missing (apt-get install debootstrap dpkg-dev)" >&2; exit 2; }
done

start=$(date +%s)
cmake --build "$build"
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls -t "$build"/slicewise_*.deb | head -n 1)"
echo "package: $deb ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --info "$deb" | sed -n 's/^ Depends: /depends: /p'

chroot="$work/root"
cleanup() {
  for m in dev/pts dev proc sys; do mountpoint -q "$chroot/$m" && umount -l "$chroot/$m" || true; done
}
trap cleanup EXIT
if [ ! -x "$chroot/usr/bin/apt-get" ]; then
  rm -rf "$chroot"
  mkdir -p "$chroot"
  debootstrap --variant=minbase bookworm "$chroot" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
fi
mount -t proc proc "$chroot/proc"
mount -t sysfs sys "$chroot/sys"
mount --bind /dev "$chroot/dev"
mount --bind /dev/pts "$chroot/dev/pts"
cp "$deb" "$chroot/tmp/"
in_root() { chroot "$chroot" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
in_root apt-get update -q >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/tmp/$(basename "$deb")" xvfb xauth >"$work/apt.log" 2>&1 ||
  { tail -n 30 "$work/apt.log" >&2; exit 1; }
echo "installed with apt: $(grep -c '^Setting up' "$work/apt.log") packages set up"

missing=0
for f in /usr/bin/slicewise /usr/bin/slicewise-cli /usr/bin/slicewise-train /usr/lib/slicewise/libslicewise_mlmodule.so; do
  if in_root ldd "$f" | grep -q "not found"; then
    echo "missing libraries for $f:" >&2
    in_root ldd "$f" | grep "not found" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 1
echo "ldd: every library found"
in_root slicewise-cli --version
in_root slicewise-cli sample --out /tmp/sample >/dev/null
in_root slicewise-cli predict --image /tmp/sample/sample-ct.nii.gz --labels /tmp/sample/sample-labels.nii.gz \
  --slices 10,30,50 --predictor shape --out /tmp/sample/predicted.nii.gz
# The overnight loop as installed: a study, keys, a queued network job, the worker, the import.
in_root slicewise-cli study create /tmp/sample/sample-ct.nii.gz --out /tmp/sample/study >/dev/null
in_root slicewise-cli study annotate /tmp/sample/study --from /tmp/sample/sample-labels.nii.gz --slices 10,30,50 >/dev/null
in_root slicewise-cli queue add /tmp/sample/study --predictor unet --iterations 20 --queue /tmp/queue/queue.sqlite
in_root slicewise-cli worker --once --device cpu --queue /tmp/queue/queue.sqlite
in_root slicewise-cli study info /tmp/sample/study | grep -E "^proposals"
test -f "$chroot/usr/lib/systemd/user/slicewise-worker.service"
echo "queue: job trained by the installed worker and imported; systemd user unit installed"
in_root man -w slicewise-cli >/dev/null 2>&1 || test -f "$chroot/usr/share/man/man1/slicewise-cli.1"
in_root xvfb-run -a -s "-screen 0 1600x1000x24" slicewise --screenshot /tmp/installed.png --size 1400x900
cp "$chroot/tmp/installed.png" "$work/installed.png"
echo "screenshot of the installed app: $work/installed.png"
echo "package test passed in $(( $(date +%s) - start )) s"
