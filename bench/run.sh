#!/usr/bin/env bash
# Benchmarks (issue 7, docs/benchmarks.md): the same WAR on embedded Tomcat, WildFly, Payara Micro and Jetty (from
# its distribution), and Node's ws as the outside peer, on loopback; each round runs every server in turn
# (A/B/C/D/E, A/B/C/D/E) so that machine noise hits all of them. Bounded: about 4 minutes per round and server.
#   bench/run.sh                         # 2 rounds of all five (about 40 minutes)
#   ROUNDS=3 TARGETS="tomcat node" bench/run.sh
#   BENCH_ONLY=fan_out,idle_capacity bench/run.sh   # only these scenarios (while working on one)
#   BENCH_ONLY=fan_out,fan_out_sse bench/run.sh     # fan-out over SSE beside WebSocket (issue 21)
# Results: target/bench/results.jsonl, the tables on stdout and in target/bench/report.md, plots in target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
TARGETS=${TARGETS:-tomcat wildfly payara jetty node}
OFFLINE=${OFFLINE--o} # set but empty (OFFLINE=): Maven may download
OUT=target/bench
mkdir -p "$OUT"
rm -f "$OUT/results.jsonl"

# Jetty as an operator gets it: the distribution (jetty-home), unpacked once; online only if -o cannot resolve it.
JETTY_VERSION=12.1.12 # not pom.xml's jetty.version: 12.1.14's distribution does not resolve (D46)
JETTY_HOME=$PWD/target/jetty-home-$JETTY_VERSION
fetch_jetty() {
  if [ ! -f "$JETTY_HOME/start.jar" ]; then
    local unpack=(-q dependency:unpack -Dartifact="org.eclipse.jetty:jetty-home:$JETTY_VERSION:zip"
      -DoutputDirectory=target/)
    ./mvnw $OFFLINE "${unpack[@]}" || ./mvnw "${unpack[@]}"
  fi
}

# The servers come from the Maven repository, as the test profiles get them (the WAR is built by each step,
# the same bytes); the Tomcat step last, as it compiles the benchmark's classes (src/bench/java, compiled with the
# tests into target/test-classes).
for target in $TARGETS; do
  case ${target%@*} in
    wildfly|payara) ./mvnw $OFFLINE -q -P"${target%@*}" -Dmaven.test.skip=true pre-integration-test ;;
    jetty) fetch_jetty ;;
  esac
done
./mvnw $OFFLINE -q package -DskipTests
./mvnw $OFFLINE -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
case " $TARGETS " in *" node "*) (cd bench/node && npm ci --no-audit --no-fund --silent) ;; esac
case " $TARGETS " in
  *" tomcat11"*) ./mvnw $OFFLINE -q -Ptomcat11 dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath-tomcat11.txt" ;;
esac
# Tyrus (the fast tests' server) is left off: Tomcat would take its ServerApplicationConfig as the WAR's.
# The load generator reads the settings' defaults from target/classes too; the servers get the WAR's classes only.
CP="target/test-classes:$(tr ':' '\n' < "$OUT/classpath.txt" | grep -v /org/glassfish/tyrus/ | paste -sd:)"
# Tomcat 11 brings its own EE 11 API classes: the EE 10 API jars stay off its class path (as in its test profile).
if [ -f "$OUT/classpath-tomcat11.txt" ]; then
  CP11="target/test-classes:$(tr ':' '\n' < "$OUT/classpath-tomcat11.txt" | grep -v -e /org/glassfish/tyrus/ \
    -e /jakarta/websocket/ -e /jakarta/servlet/jakarta.servlet-api/ | paste -sd:)"
fi
PORT=${PORT:-18181}
# Every server gets the same heap, and logs warnings only: an INFO line per connect and close would be tens of
# thousands. All load comes from one address: the per-address cap is off, as a proxy-fronted setup would have it.
JVM_OPTS="-Xms256m -Xmx2g -Dechopush.max-connections-per-address=0 ${BENCH_SERVER_OPTS:-}" # BENCH_SERVER_OPTS: A/B a setting

# WildFly: a copy of the test profile's server (standalone.xml with our logger at WARN), the WAR in deployments/.
prepare_wildfly() {
  rm -rf "$OUT/wildfly"
  cp -r target/wildfly-*/ "$OUT/wildfly"
  sed -i 's|<root-logger>|<logger category="io.echopush"><level name="WARN"/></logger>\n            <root-logger>|' \
    "$OUT/wildfly/standalone/configuration/standalone.xml"
  cp target/echo-push.war "$OUT/wildfly/standalone/deployments/"
}

# Jetty: a fresh base with the modules the WAR needs (docs/deploy.md), then bench/jetty's files: the WAR's realm
# (etc/realm.xml, listed in start.d/realm.ini) and Jetty's loggers at WARN (resources/jetty-logging.properties).
prepare_jetty() {
  local base=$PWD/$OUT/jetty-base
  rm -rf "$base"
  mkdir -p "$base/work" # the expanded WAR goes here, not into /tmp
  java -jar "$JETTY_HOME/start.jar" jetty.home="$JETTY_HOME" jetty.base="$base" \
    --add-modules=http,ee10-deploy,ee10-websocket-jakarta,ee10-annotations,ee10-plus
  cp -r bench/jetty/. "$base/"
  cp target/echo-push.war "$base/webapps/" # context path /echo-push
}

server_pid= # the server's own process (a JVM or node), whose CPU and memory the bench reads
group_pid=  # what to stop: the process group (WildFly's script and its JVM) or the server itself
stop_server() {
  if [ -n "$group_pid" ]; then
    kill -- "-$group_pid" 2>/dev/null || kill "$group_pid" 2>/dev/null || true
    while kill -0 "$server_pid" 2>/dev/null; do sleep 0.2; done
    server_pid=
    group_pid=
  fi
}
trap stop_server EXIT

# tomcat-run: Tomcat tuned as the run command starts it (run.TomcatTuning: smaller per-connection buffers).

# A variant: target@label runs the target with the JVM options in $OPTS_label (A/B a container setting in one run):
#   TARGETS="tomcat tomcat@nio2" OPTS_nio2="-Dbench.protocol=org.apache.coyote.http11.Http11Nio2Protocol" bench/run.sh
variant_opts() {
  case $1 in
    *@*) local name="OPTS_${1#*@}"; echo "${!name:?$1 needs $name}" ;;
  esac
}

start_server() { # $1: tomcat | tomcat-run | tomcat11 | wildfly | payara | jetty | node, or one of them @label
  local extra
  extra=$(variant_opts "$1")
  case ${1%@*} in
    tomcat|tomcat-run|tomcat11)
      if [ "${1%@*}" = tomcat-run ]; then extra="$extra -Dbench.run-tuning=true"; fi
      cp=$CP
      if [ "${1%@*}" = tomcat11 ]; then cp=$CP11; fi
      setsid java $JVM_OPTS $extra -Djava.util.logging.config.file=bench/logging.properties \
        -cp "$cp" io.echopush.bench.BenchServer target/echo-push.war "$PORT" > "$OUT/server-$1.log" 2>&1 &
      group_pid=$!; server_pid=$group_pid ;;
    wildfly)
      prepare_wildfly
      setsid env JAVA_OPTS="$JVM_OPTS $extra" "$OUT/wildfly/bin/standalone.sh" -Djboss.http.port="$PORT" \
        -Djboss.management.http.port=$((PORT + 1)) > "$OUT/server-$1.log" 2>&1 &
      group_pid=$!; server_pid=$group_pid ;; # until it is up: the script runs short-lived JVMs first
    payara)
      setsid java $JVM_OPTS $extra -jar target/payara-micro-*.jar --deploy target/echo-push.war --port "$PORT" \
        --nocluster --logproperties bench/logging.properties > "$OUT/server-$1.log" 2>&1 &
      group_pid=$!; server_pid=$group_pid ;;
    jetty) # start.jar runs Jetty in the JVM it starts in (no --exec, no fork): the JVM options reach the WAR
      prepare_jetty > "$OUT/server-$1.log" 2>&1
      setsid java $JVM_OPTS $extra -Djava.util.logging.config.file=bench/logging.properties \
        -jar "$JETTY_HOME/start.jar" jetty.home="$JETTY_HOME" jetty.base="$PWD/$OUT/jetty-base" \
        jetty.http.host=127.0.0.1 jetty.http.port="$PORT" >> "$OUT/server-$1.log" 2>&1 &
      group_pid=$!; server_pid=$group_pid ;;
    node)
      setsid node bench/node/server.js "$PORT" > "$OUT/server-$1.log" 2>&1 &
      group_pid=$!; server_pid=$group_pid ;;
  esac
  for _ in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/echo-push/")" = 200 ]; then
      if [ "${1%@*}" = wildfly ]; then server_pid=$(pgrep -P "$group_pid" -f jboss-modules.jar); fi
      return 0
    fi
    sleep 0.5
  done
  echo "server $1 did not start (log: $OUT/server-$1.log)" >&2
  exit 1
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); node $(node --version); ulimit -n $(ulimit -n)"
for round in $(seq 1 "$ROUNDS"); do
  for target in $TARGETS; do
    echo "round $round: $target"
    start_server "$target"
    timeout 900 java -Xmx4g -Dbench.only="${BENCH_ONLY:-}" -cp "target/classes:$CP" io.echopush.bench.Bench \
      "$target" "$round" "http://127.0.0.1:$PORT/echo-push/" "$server_pid" "$OUT/results.jsonl"
    stop_server
  done
done
# The ratios are each server against the last target (the outside peer, Node's ws).
java -cp "$CP" io.echopush.bench.Report "$OUT/results.jsonl" "$OUT" $TARGETS | tee "$OUT/report.md"
