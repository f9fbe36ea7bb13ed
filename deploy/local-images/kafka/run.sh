#!/bin/bash
# Starts a KRaft broker the way the apache/kafka image does: every KAFKA_* variable becomes a server property
# (KAFKA_FOO_BAR -> foo.bar, "__" -> "_", "___" -> "-"), the storage is formatted with CLUSTER_ID on first start,
# then kafka.Kafka runs as pid 1's replacement.
set -euo pipefail
: "${CLUSTER_ID:?CLUSTER_ID is not set}"
props=/opt/kafka/config/server.properties
echo "log.dirs=${KAFKA_LOG_DIRS:-/var/lib/kafka/data}" > "$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_LOG_DIRS|KAFKA_JVM_PERFORMANCE_OPTS) continue ;;
  esac
  key=$(echo "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  echo "$key=$value" >> "$props"
done < <(env | grep '^KAFKA_')
/opt/kafka/bin/kafka-run-class.sh kafka.tools.StorageTool format --ignore-formatted -t "$CLUSTER_ID" -c "$props"
exec /opt/kafka/bin/kafka-run-class.sh ${KAFKA_HEAP_OPTS:--Xmx512m} kafka.Kafka "$props"
