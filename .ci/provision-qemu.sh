#!/usr/bin/env bash
# Other platforms under QEMU, for the multi-platform test on engine C: binfmt_misc mounted, Debian's qemu-user-static
# and binfmt-support installed (handlers with flag F, so that arm64 binaries run inside containers and build steps),
# and two tiny root filesystems the test turns into a base image index: Debian's busybox-static for amd64 and arm64,
# unpacked with /bin/sh and the applets a setup script needs. (A debootstrap of arm64 takes minutes under emulation;
# busybox has a shell and uname and is a few hundred kB.)
# Prints the folder holding busybox-amd64.tar and busybox-arm64.tar. Idempotent.
# BuildKit's ListWorkers names the emulated platforms as soon as the handlers are registered (checked on Docker 28.5).
set -euo pipefail

log() { printf '[provision-qemu] %s\n' "$*" >&2; }
STATE=/var/tmp/pgimage-qemu
mkdir -p "$STATE"

if ! mountpoint -q /proc/sys/fs/binfmt_misc; then
  log "mounting binfmt_misc"
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if ! dpkg -s qemu-user-static binfmt-support >/dev/null 2>&1; then
  log "installing qemu-user-static and binfmt-support"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static binfmt-support >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static binfmt-support >/dev/null; }
fi
# binfmt-support registers the handlers when it is installed; a machine that mounted binfmt_misc later needs them again
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  log "registering the QEMU handlers"
  update-binfmts --enable >/dev/null 2>&1 || true
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || { log "no qemu-aarch64 handler in /proc/sys/fs/binfmt_misc"; exit 1; }

# Debian's busybox-static for both architectures, as root filesystem tars
for arch in amd64 arm64; do
  tar_file="$STATE/busybox-$arch.tar"
  [ -s "$tar_file" ] && continue
  log "unpacking busybox-static ($arch)"
  work="$STATE/work-$arch"
  rm -rf "$work"
  mkdir -p "$work/debs" "$work/root"
  (cd "$work/debs" && apt-get download -q "busybox-static:$arch" >/dev/null 2>&1) \
    || { dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64;
         apt-get update -qq >/dev/null; (cd "$work/debs" && apt-get download -q "busybox-static:$arch" >/dev/null); }
  dpkg -x "$work"/debs/busybox-static_*.deb "$work/root"
  root="$work/root"
  mkdir -p "$root/tmp" "$root/etc" "$root/root" "$root/opt" "$root/var/lib" "$root/run"
  chmod 1777 "$root/tmp"
  for applet in sh uname echo cat mkdir chmod chown ls rm cp mv ln sleep id env test true false grep sed head tail wc printf; do
    ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\n' > "$root/etc/group"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$tar_file.tmp" .
  mv "$tar_file.tmp" "$tar_file"
  rm -rf "$work"
done
echo "$STATE"
