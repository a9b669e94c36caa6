#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (swiftc -sanitize=fuzzer,address) and runs each for a bounded time.
#
#   bash Scripts/fuzz.sh [--seconds N] [--timeout S] [--build-only | --no-build] [TARGET ...]
#
# TARGET is one of the names below (default: all), run one after another, each for N seconds (default 30).
# Each starts from its committed seeds, Fuzz/Corpus/TARGET (never written), and its growing working corpus,
# .build-fuzz/corpus/TARGET (gitignored). A crash, an out-of-memory input (> 2 GB) or an input taking longer
# than S seconds (a hang; default 30, raise it for long runs on a loaded machine) stops that target, leaves the
# input in .build-fuzz/artifacts/TARGET/ and makes the script exit 1 after all targets ran. The last lines
# print each target's executions and coverage from libFuzzer's final stats.
# Long sessions: run under `nice -n 19` so other builds keep priority, with --timeout 60: a starved process can
# spend 10 s of wall time on an input that needs 0.2 s of CPU (two such false timeouts, in ASan's quarantine).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

all_targets=(FuzzSafetensors FuzzCheckpointIndex FuzzModelConfiguration FuzzTokenizer FuzzDocumentText FuzzTemplate)
seconds=30
timeout=30
build_only=0
no_build=0
targets=()
while (($#)); do
    case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --no-build) no_build=1; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
    esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")

scratch="$root/.build-fuzz"
# gold fails on these links (an internal error in its DWARF reader); lld links them.
((no_build)) || swift build -c release --package-path Fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >&2
bin=$(swift build -c release --package-path Fuzz --scratch-path "$scratch" --show-bin-path)
((build_only)) && exit 0

# No leak checks, in the run or at exit: Foundation's Data(contentsOf:) leaks a few pages per read on Linux
# (readBytesFromFile, not this project's code) and the loaders keep process-wide caches on purpose.
# A 64 MB quarantine (default 256) keeps freed memory poisoned long enough for these small inputs and spends less
# time recycling it.
export ASAN_OPTIONS="detect_leaks=0:quarantine_size_mb=64${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
failed=()
summary=()
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target"
    log="$scratch/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    echo "fuzz: $target for ${seconds}s" >&2
    status=0
    "$bin/$target" "$corpus" "Fuzz/Corpus/$target" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    coverage=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || echo "cov: ? ft: ?")
    summary+=("$target: $runs executions, $coverage, ${seconds}s, exit $status")
    if ((status != 0)); then
        failed+=("$target")
        echo "fuzz: $target FOUND A PROBLEM (exit $status); input in $artifacts, log $log:" >&2
        grep -E 'ERROR|Fatal error|SUMMARY|deadly signal|timeout|out-of-memory' "$log" | head -n 20 >&2 || true
    fi
done
printf 'fuzz: %s\n' "${summary[@]}" >&2
if ((${#failed[@]})); then
    echo "fuzz: findings in ${failed[*]}" >&2
    exit 1
fi
