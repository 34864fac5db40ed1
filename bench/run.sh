#!/usr/bin/env bash
# Benchmarks (issue 7, docs/benchmarks.md): the WAR on embedded Tomcat against Node's ws, on loopback, rounds
# alternating A/B/A/B so that machine noise hits both. Bounded: about 4 minutes per round and server.
#   bench/run.sh            # 2 rounds each (ROUNDS=3 bench/run.sh for more)
# Results: target/bench/results.jsonl, the tables on stdout, plots in target/bench/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
OFFLINE=${OFFLINE:--o}
OUT=target/bench
mkdir -p "$OUT"
rm -f "$OUT/results.jsonl"

./mvnw $OFFLINE -q package -DskipTests
./mvnw $OFFLINE -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
(cd bench/node && npm ci --no-audit --no-fund --silent)
# Tyrus (the fast tests' server) is left off: Tomcat would take its ServerApplicationConfig as the WAR's.
CP="target/test-classes:$(tr ':' '\n' < "$OUT/classpath.txt" | grep -v /org/glassfish/tyrus/ | paste -sd:)"
PORT=${PORT:-18181}

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

start_server() { # $1: tomcat | node
  if [ "$1" = tomcat ]; then
    # All load comes from one address: the per-address connection cap is off, as a proxy-fronted setup would have it.
    java -Xmx2g -Dechopush.max-connections-per-address=0 -Djava.util.logging.config.file=bench/logging.properties \
      -cp "$CP" io.echopush.bench.BenchServer target/echo-push.war "$PORT" > "$OUT/server-$1.log" 2>&1 &
  else
    node bench/node/server.js "$PORT" > "$OUT/server-$1.log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/echo-push/"; then return 0; fi
    sleep 0.5
  done
  echo "server $1 did not start" >&2
  exit 1
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); node $(node --version); ulimit -n $(ulimit -n)"
for round in $(seq 1 "$ROUNDS"); do
  for target in tomcat node; do
    echo "round $round: $target"
    start_server "$target"
    timeout 900 java -Xmx4g -cp "$CP" io.echopush.bench.Bench "$target" "$round" \
      "http://127.0.0.1:$PORT/echo-push/" "$server_pid" "$OUT/results.jsonl"
    stop_server
  done
done
java -cp "$CP" io.echopush.bench.Report "$OUT/results.jsonl" "$OUT" tomcat node | tee "$OUT/report.md"
