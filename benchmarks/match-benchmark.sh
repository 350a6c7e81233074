#!/usr/bin/env sh
# Whole-process throughput and memory of `ruleport match`, as a user runs it (JVM start, rule
# compilation and the cache included): a seeded ECS NDJSON file of SIZE (default 1GB) against 20
# Windows corpus rules and against all of them, and a sequence rule over a file of KEYS distinct join
# keys (default 1000000) with a 5-minute maxspan, checked against the number of pairs the generator
# planted within 5 minutes. Build first: mvn -q -DskipTests package. Files go to WORK (default
# /tmp/ruleport-bench); generated inputs are kept for the next run.
#
#   benchmarks/match-benchmark.sh [SIZE] [KEYS]
set -e
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
size=${1:-1GB}
keys=${2:-1000000}
work=${WORK:-/tmp/ruleport-bench}
shared=${RULEPORT_SHARED:-$here/../shared}
windows="$shared/corpus/detection-rules/rules/windows"
bench="java -cp $here/benchmarks/target/benchmarks.jar -Druleport.shared=$shared"
mkdir -p "$work"

events="$work/events-$size.ndjson"
[ -f "$events" ] || $bench dev.ruleport.bench.EventFileGenerator --out "$events" --size "$size" --seed 1 --plant "$windows"
rm -rf "$work/rules20" && mkdir -p "$work/rules20"
for f in $(ls "$windows"/*.toml | sort | head -20); do cp "$f" "$work/rules20/"; done

pairs="$work/keys-$keys.ndjson"
[ -f "$pairs" ] || $bench dev.ruleport.bench.EventFileGenerator --out "$pairs" --sequence-keys "$keys" --seed 1 | tee "$pairs.txt"
mkdir -p "$work/sequence"
cat > "$work/sequence/connect_after_start.toml" <<'EOF'
[rule]
rule_id = "bench-sequence"
name = "Network connection within 5 minutes of a process start"
severity = "low"
type = "eql"
language = "eql"
query = '''
sequence by process.entity_id with maxspan=5m
  [process where event.type == "start"]
  [network where true]
'''
EOF

# one run: label, rules, events file
run() {
  "$here/ruleport" match --rules "$2" --events "$3" > "$work/alerts.ndjson" 2> "$work/stderr.txt" || true
  /usr/bin/time -v "$here/ruleport" match --rules "$2" --events "$3" > "$work/alerts.ndjson" 2> "$work/stderr.txt" || true
  wall=$(grep 'Elapsed (wall clock)' "$work/stderr.txt" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$work/stderr.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2 / 1024}' "$work/stderr.txt")
  secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  mb=$(($(wc -c < "$3") / 1000000))
  printf '%-34s %6s MB in %7.1f s wall = %6.1f MB/s, %7s CPU-s, RSS %5s MB, %s alerts\n' "$1" "$mb" "$secs" \
    "$(echo "$mb $secs" | awk '{printf "%.1f", $1 / $2}')" "$cpu" "$rss" "$(wc -l < "$work/alerts.ndjson")"
  grep '^ruleport match: [0-9]* alert' "$work/stderr.txt" | sed 's/^/    /'
}

echo "ruleport match, whole process (the second of two runs: compiled rules come from the cache)"
run "20 Windows rules" "$work/rules20" "$events"
run "all $(ls "$windows"/*.toml | wc -l) Windows rules" "$windows" "$events"
run "sequence, $keys join keys" "$work/sequence" "$pairs"
echo "    expected: $(cat "$pairs.txt")"
