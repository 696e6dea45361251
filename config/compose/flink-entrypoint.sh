#!/usr/bin/env bash
# Starts a Flink container (JobManager, TaskManager or the `flink` client) on Stepcast's cluster
# configuration. The image's entrypoint writes its settings (the JobManager's address, FLINK_PROPERTIES)
# into conf/config.yaml in place, so the file is copied there rather than mounted read-only over it.
set -euo pipefail
cp /stepcast/config/flink/config.yaml "$FLINK_HOME/conf/config.yaml"
exec /docker-entrypoint.sh "$@"
