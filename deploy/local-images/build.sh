#!/usr/bin/env bash
# Builds local stand-ins for the images docker-compose.yml pulls, for a machine that can reach Debian's and
# Maven Central's repositories but no image registry. Needs root, debootstrap and a running Docker engine.
#   deploy/local-images/build.sh            then
#   docker-compose --env-file deploy/local-images/local.env up -d --build <services>
# Images (their names are in local.env):
#   glassbox-local/jre         Debian bookworm's OpenJDK 17 JRE; the services' BASE_IMAGE (GLASSBOX_JAVA_BASE_IMAGE)
#   glassbox-local/kafka       KRaft broker from the Kafka jars on Maven Central (KAFKA_IMAGE)
#   glassbox-local/postgres    Debian's PostgreSQL 15 (POSTGRES_IMAGE)
#   glassbox-local/prometheus  Debian's Prometheus (PROMETHEUS_IMAGE)
# Grafana has no Debian package: the local run leaves it out.
# Cached: the debootstrap root file system (a tarball under .cache/, git-ignored) and each imported root file
# system (an image tagged with a hash of what went into it), so a second run only runs the Docker builds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
cache="${GLASSBOX_IMAGE_CACHE:-$here/.cache}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rootfs_recipe=2   # part of each root file system image's tag: raise it when rootfs_image changes what it makes
mkdir -p "$cache"

log() { echo "[local-images] $*" >&2; }

# The Debian bookworm minbase root file system, made once.
minbase_tarball() {
  local tarball="$cache/bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    local dir="$cache/minbase.tmp"
    rm -rf "$dir"
    log "debootstrap bookworm (once; cached in $tarball)"
    debootstrap --variant=minbase bookworm "$dir" "$mirror" > "$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log"; exit 1; }
    tar -C "$dir" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$dir"
  fi
  echo "$tarball"
}

# Imports the minbase root file system with Debian packages added (chroot, apt-get) as image $1; skipped when an
# image of the same packages exists. Prints the image's name.
rootfs_name() { # name, packages...
  echo "glassbox-local/$1-rootfs:$(echo "bookworm ${*:2} $mirror $rootfs_recipe" | sha256sum | cut -c1-12)"
}
rootfs_image() {
  local name=$1; shift
  local image; image=$(rootfs_name "$name" "$@")
  if docker image inspect "$image" > /dev/null 2>&1; then echo "$image"; return; fi
  local tarball; tarball=$(minbase_tarball)
  local dir; dir=$(mktemp -d "${TMPDIR:-/tmp}/glassbox-rootfs-$name.XXXX")
  log "installing $* into a root file system for $name"
  tar -C "$dir" -xf "$tarball"
  printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d" && chmod +x "$dir/usr/sbin/policy-rc.d"
  mkdir -p "$dir/etc/postgresql-common" && echo "create_main_cluster = false" > "$dir/etc/postgresql-common/createcluster.conf"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  mount -t proc proc "$dir/proc"
  local status=0
  chroot "$dir" /bin/sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends $* && apt-get clean" > "$cache/$name.apt.log" 2>&1 || status=$?
  umount "$dir/proc" || umount -l "$dir/proc" || { echo "cannot unmount $dir/proc" >&2; exit 1; }
  if [ "$status" != 0 ]; then tail -20 "$cache/$name.apt.log" >&2; rm -rf "$dir"; exit "$status"; fi
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/* "$dir"/usr/share/{doc,man,locale}/* \
    "$dir/usr/sbin/policy-rc.d" "$dir/etc/resolv.conf"
  tar -C "$dir" -c . | docker import - "$image" > /dev/null
  rm -rf "$dir"
  echo "$image"
}

# The Kafka broker's and tools' jars from Maven Central, resolved by the project's Maven wrapper.
kafka_jars() {
  rm -rf "$here/kafka/libs"
  log "resolving the Kafka jars (kafka/pom.xml)"
  "$project/mvnw" -B -ntp -q -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$here/kafka/libs"
}

build() { # image, context, build arguments...
  local image=$1 context=$2; shift 2
  log "docker build $image"
  docker build -q -t "$image" "$@" "$context" > "$cache/build.log" 2>&1 || { cat "$cache/build.log" >&2; exit 1; }
}

started=$SECONDS
jre_packages="openjdk-17-jre-headless curl ca-certificates" postgres_packages=postgresql-15 prometheus_packages="prometheus wget"
# shellcheck disable=SC2086 # the package lists are meant to split
docker image inspect "$(rootfs_name jre $jre_packages)" "$(rootfs_name postgres $postgres_packages)" \
  "$(rootfs_name prometheus $prometheus_packages)" > /dev/null 2>&1 || minbase_tarball > /dev/null
# The three root file systems are made at the same time: most of their time is spent waiting on downloads and dpkg.
# shellcheck disable=SC2086
rootfs_image jre $jre_packages > "$cache/jre.image" &
jre=$!
# shellcheck disable=SC2086
rootfs_image postgres $postgres_packages > "$cache/postgres.image" &
postgres=$!
# shellcheck disable=SC2086
rootfs_image prometheus $prometheus_packages > "$cache/prometheus.image" &
prometheus=$!
kafka_jars
wait $jre && wait $postgres && wait $prometheus
build glassbox-local/jre:17 "$here/jre" --build-arg ROOTFS="$(cat "$cache/jre.image")"
build glassbox-local/kafka:4.1.2 "$here/kafka" --build-arg JRE_IMAGE=glassbox-local/jre:17
build glassbox-local/postgres:15 "$here/postgres" --build-arg ROOTFS="$(cat "$cache/postgres.image")"
build glassbox-local/prometheus:2 "$here/prometheus" --build-arg ROOTFS="$(cat "$cache/prometheus.image")"
log "done in $((SECONDS - started)) s; images:"
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' 'glassbox-local/*' | grep -v rootfs
