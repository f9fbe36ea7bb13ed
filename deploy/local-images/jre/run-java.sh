#!/bin/sh
# Stand-in for the UBI OpenJDK image's run-java.sh, so that the services' Dockerfiles run unchanged on this base:
# runs $JAVA_APP_JAR with $JAVA_OPTS and $JAVA_OPTS_APPEND as pid 1's replacement (signals reach the JVM).
exec java ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} -jar "${JAVA_APP_JAR:?JAVA_APP_JAR is not set}" "$@"
