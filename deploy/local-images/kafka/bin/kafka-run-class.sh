#!/bin/sh
# Runs a Kafka class on the image's jars (the stand-in for Kafka's own kafka-run-class.sh).
exec java ${KAFKA_TOOL_OPTS:--Xmx256m -XX:TieredStopAtLevel=1} -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties \
  -cp '/opt/kafka/libs/*' "$@"
