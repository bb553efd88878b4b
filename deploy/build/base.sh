#!/usr/bin/env bash
# The stack's base images, made from Debian's own packages with no container registry:
#   monoqala/base:bookworm      minimal bookworm + python3, venv, CA certificates, tini
#   monoqala/services:bookworm  the same + nginx-light and PostgreSQL 15 (balancer, database)
# debootstrap fetches from the Debian mirror apt already uses; the result is imported with
# `docker import`. Skipped when both images exist (delete them to rebuild, e.g. for updates).
# libicu72: PyICU (names in each language's alphabetical order) links against it.
# Needs root, debootstrap and a running Docker engine.
set -euo pipefail
DOCKER=${DOCKER:-docker}
SUITE=bookworm
CACHE=${MONOQALA_DEPLOY_CACHE:-/var/cache/monoqala-deploy}
BASE=monoqala/base:$SUITE
SERVICES=monoqala/services:$SUITE

# Images made by another version of this recipe are made again: the label names the recipe.
recipe=$(sha256sum "$0" | cut -c1-16)
made_by() { $DOCKER image inspect -f '{{index .Config.Labels "monoqala.recipe"}}' "$1" 2>/dev/null; }
if [ "$(made_by "$BASE")" = "$recipe" ] && [ "$(made_by "$SERVICES")" = "$recipe" ]; then
  echo "base images: $BASE and $SERVICES already built"
  exit 0
fi

# The mirror apt uses on this machine (deb822 or one-line sources), else Debian's own.
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-$(awk '$1 == "deb" && $3 == "'$SUITE'" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)}
mirror=${MONOQALA_DEBIAN_MIRROR:-${mirror:-http://deb.debian.org/debian}}
security=${mirror%/debian}/debian-security

mkdir -p "$CACHE"
rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT

echo "base images: debootstrap $SUITE from $mirror"
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates,tini,libicu72 \
  "$SUITE" "$rootfs" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
  || { tail -n 20 "$CACHE/debootstrap.log"; exit 1; }

cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $SUITE main
deb $mirror $SUITE-updates main
deb $security $SUITE-security main
SOURCES
# No package may start a service in the chroot (it would run on the host), and PostgreSQL's
# package must not create a cluster: the database container makes its own on its volume.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"
mkdir -p "$rootfs/etc/postgresql-common"
echo "create_main_cluster = false" >"$rootfs/etc/postgresql-common/createcluster.conf"

in_root() { DEBIAN_FRONTEND=noninteractive chroot "$rootfs" "$@" >>"$CACHE/debootstrap.log" 2>&1; }
slim() {
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/tmp/*
}
import_image() {
  tar --numeric-owner -C "$rootfs" -c . \
    | $DOCKER import --change 'CMD ["/bin/bash"]' --change "LABEL monoqala.recipe=$recipe" \
      - "$1" >/dev/null
  echo "base images: imported $1"
}

echo "base images: security updates"
in_root apt-get update -q
in_root apt-get -y -q upgrade
slim
import_image "$BASE"

echo "base images: nginx-light and postgresql-15"
in_root apt-get update -q
in_root apt-get install -y -q --no-install-recommends nginx-light postgresql-15
slim
import_image "$SERVICES"
