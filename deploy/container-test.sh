#!/usr/bin/env bash
# The container test (./mvnw -Pcontainers verify runs it after the services are packaged): builds the local
# stand-in images (deploy/local-images/build.sh) and the four service images, runs the project's own
# docker-compose.yml with the stand-ins' variables (every service but Grafana, which has no stand-in) and checks:
# every container becomes healthy; 200 calls posted to ingest are explained and stored in PostgreSQL; the store's
# API answers with the compose file's key; restarting the explainer and PostgreSQL under load loses and
# duplicates nothing; `down -v` leaves no container, network or volume. Prints the image sizes and the time from
# `up` to healthy.
# Needs root and Docker: installs Debian's docker.io, docker-compose and debootstrap when missing and starts dockerd
# when none runs. Where that cannot be done it prints "skipped: <reason>" and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
project=glassbox-containers-test
key=glassbox-dev-admin-token                    # GLASSBOX_STORE_AUTH_KEYS' default in docker-compose.yml
ingest_key=glassbox-dev-ingest-token            # GLASSBOX_INGEST_AUTH_KEYS' default in docker-compose.yml
services=(kafka topic-init postgres ingest explainer store drift prometheus)
ports=(29092 8081 8082 8083 8084 9090)
passed=0 failed=0 started_dockerd=

say() { echo "[containers] $*"; }
skip() { say "skipped: $*"; echo "containers: 0 passed, 0 failed, 1 skipped"; exit 0; }
check() { # description, command...
  local what=$1; shift
  if "$@"; then say "PASS $what"; passed=$((passed + 1)); else say "FAIL $what"; failed=$((failed + 1)); fi
}
compose() { docker-compose -p "$project" -f docker-compose.yml "$@"; }
quietly() { # log file, command...: keeps the command's output in the log, shown only when it fails
  local log=$1; shift
  "$@" > "$log" 2>&1 || { cat "$log"; return 1; }
}

# --- Docker: installed and running, or a reason to skip -----------------------------------------------------
ensure_docker() {
  [ "$(id -u)" = 0 ] || skip "not root (installing Docker and building root file systems need root)"
  local missing=()
  command -v dockerd > /dev/null || missing+=(docker.io)
  command -v docker-compose > /dev/null || missing+=(docker-compose)
  command -v debootstrap > /dev/null || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get > /dev/null || skip "no apt-get to install ${missing[*]}"
    say "installing ${missing[*]} from Debian"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } \
      > /tmp/glassbox-containers-apt.log 2>&1 || skip "apt-get install ${missing[*]} failed (/tmp/glassbox-containers-apt.log)"
  fi
  if ! docker info > /dev/null 2>&1; then
    say "starting dockerd"
    dockerd > /tmp/glassbox-containers-dockerd.log 2>&1 &
    started_dockerd=$!
    for _ in $(seq 60); do docker info > /dev/null 2>&1 && break; sleep 0.5; done
    docker info > /dev/null 2>&1 || skip "dockerd does not start: $(tail -3 /tmp/glassbox-containers-dockerd.log)"
  fi
}

# --- Waiting -------------------------------------------------------------------------------------------------
container() { compose ps -q "$1"; }
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$(container "$1")"; }
all_healthy() {
  local s
  for s in "${services[@]}"; do
    [ "$s" = topic-init ] && continue
    [ "$(health "$s")" = healthy ] || return 1
  done
  [ "$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$(container topic-init)")" = "exited 0" ]
}
await() { # seconds, description, command...: polls the command every 2 s until it succeeds
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then say "timed out after $1 s waiting for $what"; return 1; fi
    sleep 2
  done
}

# --- Calls and what became of them ---------------------------------------------------------------------------
post_calls() { # batch, count: posts that many calls as NDJSON to ingest's port, fails unless all were accepted
  local batch=$1 count=$2 i body=""
  for i in $(seq -w 1 "$count"); do
    body+="{\"id\":\"ct-$batch-$i\",\"timestamp\":\"2026-11-28T12:00:00Z\",\"app\":\"container-test\",\"model\":\"m-$batch\","
    body+="\"prompt\":[{\"role\":\"user\",\"content\":\"Where is the Eiffel Tower? ($batch $i)\"}],"
    body+="\"response\":\"The Eiffel Tower is in Paris. It was built in 18$((10#$i % 100)).\","
    body+="\"context\":[{\"id\":\"kb-1\",\"text\":\"The Eiffel Tower is a wrought-iron tower in Paris, completed in 1889.\"}]}"
    body+=$'\n'
  done
  local status
  status=$(curl -s -o /tmp/glassbox-containers-post.json -w '%{http_code}' -X POST localhost:8081/v1/calls \
    -H "Authorization: Bearer $ingest_key" -H 'Content-Type: application/x-ndjson' --data-binary "$body")
  [ "$status" = 202 ] || { say "ingest answered $status: $(head -c 300 /tmp/glassbox-containers-post.json)"; return 1; }
}
sql() { docker exec "$(container postgres)" psql -U glassbox -d glassbox -tAc "$1"; }
stored() { sql "SELECT count(*) FROM explanations e JOIN calls c USING (tenant, call_id) WHERE e.call_id LIKE 'ct-%'"; }
stored_is() { [ "$(stored 2> /dev/null)" = "$1" ]; }
store_written() { curl -s localhost:8083/q/metrics | awk '/^glassbox_store_explanations_written_total/ {print int($2)}'; }
store_api_answers() {
  curl -sf -H "Authorization: Bearer $key" localhost:8083/api/calls/ct-1-001 | grep -q '"ct-1-001"' \
    && [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:8083/api/calls/ct-1-001)" = 401 ]
}
restart_under_load() { # service, batch: posts 100 calls, restarts the service at once, awaits all stored
  local expected=$(($(stored) + 100))
  post_calls "$2" 100 && docker restart "$(container "$1")" > /dev/null \
    && await 300 "$1 healthy again" all_healthy && await 300 "$expected stored" stored_is "$expected"
}
# Images replaced by this run's builds (the stand-ins, the service images built on them, older root file systems).
prune_replaced_images() {
  docker image prune -f --filter label=dev.glassbox.local-image=true > /dev/null
  local current; current=$(cat deploy/local-images/.cache/*.image)
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^glassbox-local/.*-rootfs:' | grep -vxF "$current" \
    | xargs -r docker rmi > /dev/null 2>&1 || true
}
nothing_left() {
  local label="label=com.docker.compose.project=$project"
  [ -z "$(docker ps -aq --filter "$label")$(docker network ls -q --filter "$label")$(docker volume ls -q --filter "$label")" ]
}

# --- The run -------------------------------------------------------------------------------------------------
teardown() {
  local status=$?
  if [ "$failed" -gt 0 ] || [ "$status" != 0 ]; then
    compose ps 2> /dev/null || true
    compose logs --no-color --tail 40 2> /dev/null | tail -200 || true
  fi
  compose down -v --remove-orphans > /dev/null 2>&1 || true
  [ -n "$started_dockerd" ] && kill "$started_dockerd" 2> /dev/null || true
}

trap teardown EXIT
ensure_docker
ports_free() {
  local p
  for p in "${ports[@]}"; do
    if (: < "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then say "port $p is in use (the compose file publishes it)"; return 1; fi
  done
}
await 300 "the compose file's ports to be free" ports_free || exit 1
for s in ingest explainer store drift; do
  [ -f "services/$s/target/quarkus-app/quarkus-run.jar" ] || { say "services/$s is not packaged (./mvnw package)"; exit 1; }
done
began=$SECONDS
deploy/local-images/build.sh
set -a && . deploy/local-images/local.env && set +a
compose down -v --remove-orphans > /dev/null 2>&1 || true
say "building the service images"
quietly /tmp/glassbox-containers-build.log compose build ingest explainer store drift
say "images built in $((SECONDS - began)) s"

up=$SECONDS
quietly /tmp/glassbox-containers-up.log compose up -d "${services[@]}"
check "every container healthy" await 480 "every container healthy" all_healthy
say "from up to healthy: $((SECONDS - up)) s"

t=$SECONDS
check "200 calls posted to ingest's port are explained and stored in PostgreSQL" \
  eval 'post_calls 1 200 && await 300 "200 stored" stored_is 200'
say "200 calls explained and stored in $((SECONDS - t)) s"
check "the store's API answers with the compose file's key, and not without it" store_api_answers
check "restarting the explainer while it works loses nothing" restart_under_load explainer 2
check "restarting PostgreSQL while the store writes loses nothing" restart_under_load postgres 3
check "nothing stored twice: the store wrote each of the 400 explanations once" eval '[ "$(store_written)" = 400 ]'
quietly /tmp/glassbox-containers-down.log compose down -v --remove-orphans
check "down -v leaves no container, network or volume" nothing_left

say "image sizes:"
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'glassbox(-local)?/' | grep -v rootfs | sort
prune_replaced_images
say "total $((SECONDS - began)) s"
echo "containers: $passed passed, $failed failed"
[ "$failed" = 0 ]
