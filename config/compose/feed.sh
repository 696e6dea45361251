#!/usr/bin/env bash
# The compose stack's endless demo stream: no stepcast command generates one, so this writes five
# minutes of readings at a time as a CSV (sixteen sensors, one reading per second each: a slow cycle,
# noise and a rare spike) and sends it with `stepcast replay` at the rate the readings were taken.
# Each file starts at the current second, so event time follows the wall clock across restarts.
# Arguments (the job file, overrides) go to `replay`: feed.sh --job jobs/compose.yaml
set -euo pipefail

KEYS=${KEYS:-16}
SECONDS_PER_FILE=${SECONDS_PER_FILE:-300}
CSV=/tmp/feed.csv

while true; do
    start_ms=$(($(date +%s) * 1000))
    awk -v keys="$KEYS" -v seconds="$SECONDS_PER_FILE" -v start="$start_ms" -v seed="$start_ms" '
        BEGIN {
            srand(seed % 2147483647)
            print "key,ts,value"
            for (s = 0; s < seconds; s++) {
                t = start + s * 1000
                for (k = 0; k < keys; k++) {
                    # a ten-minute cycle, each sensor its own level and phase
                    v = 20 + k + 5 * sin(2 * 3.14159265 * (t / 600000 + k / keys)) + (rand() - 0.5)
                    if (rand() < 0.001) v += 15
                    printf "sensor-%d,%.0f,%.3f\n", k, t, v  # %d would cut epoch ms to 32 bits in mawk
                }
            }
        }' > "$CSV"
    java -jar target/stepcast.jar replay "$@" --input "$CSV" --rate "$KEYS"
done
