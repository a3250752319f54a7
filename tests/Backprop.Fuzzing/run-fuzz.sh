#!/usr/bin/env bash
# Coverage-guided fuzzing of Backprop's loaders with afl++ and SharpFuzz.
#
#   tests/Backprop.Fuzzing/run-fuzz.sh <target|all> [seconds]
#
# target: model (the model loader, network files and checkpoints), checkpoint (the checkpoint loader),
#         model-structured (structure-aware: afl mutates edit recipes applied to valid model files, whose checksum
#         is then recomputed), idx (IDX reader), csv (CSV reader), a comma-separated list, or all.
# seconds: how long afl-fuzz runs per target (default 60).
# FUZZ_RESUME=1 continues each target's campaign in findings/<target> (its queue and counters) instead of starting
# again from the seeds: a long campaign can run in several sittings.
#
# It installs what is missing (Debian's afl++ package; the SharpFuzz.CommandLine tool from the local tool
# manifest), publishes this project in Release, instruments Backprop.dll with sharpfuzz, and runs afl-fuzz on the
# seed corpus tests/fuzz-corpus/<target> (with tests/fuzz-corpus/dictionaries/<target>.dict when present). It prints
# each target's executions (execs_done of afl's fuzzer_stats) and exits non-zero when afl found a crash: an input on
# which a loader throws anything but its documented exception or breaks one of its guarantees. Each crashing input
# is replayed with its stack trace and copied to tests/fuzz-corpus/regressions/<target>/, where the test
# FuzzCorpusRegressionTests replays it on every `dotnet test`; commit it there.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
all_targets="model checkpoint model-structured idx csv"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 <model|checkpoint|model-structured|idx|csv|all|a,b> [seconds]" >&2
  exit 2
fi

if [ "$1" = all ]; then
  targets="$all_targets"
else
  targets="${1//,/ }"
fi
seconds="${2:-60}"
for target in $targets; do
  case " $all_targets " in
    *" $target "*) ;;
    *) echo "unknown target '$target' (known: $all_targets)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 1. afl-fuzz from Debian's afl++ package.
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== installing afl++ (apt-get install -y afl++)"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq afl++ >/dev/null
fi

# 2. sharpfuzz (SharpFuzz.CommandLine 2.3.0) from the local tool manifest next to this script.
(cd "$here" && dotnet tool restore >/dev/null)

# 3. Publish in Release into a fresh folder and instrument only the library under test. The instrumented code writes
#    to afl's shared memory and cannot run outside afl-fuzz, so an uninstrumented copy is kept for replaying crashes.
out="$here/out"
replay="$here/out-replay"
rm -rf "$out" "$replay"
echo "== publishing tests/Backprop.Fuzzing (Release)"
dotnet publish "$here/Backprop.Fuzzing.csproj" -c Release -o "$out" --nologo -v quiet
cp -r "$out" "$replay"
echo "== instrumenting Backprop.dll"
(cd "$here" && dotnet tool run sharpfuzz "$out/Backprop.dll")

# 4. Fuzz each target.
export AFL_SKIP_BIN_CHECK=1                   # the target is `dotnet`; the coverage comes from the instrumented Backprop.dll
export AFL_NO_UI=1                            # plain progress lines instead of the full-screen status
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1   # shared machines and containers: no CPU governor or core binding demands
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_FORKSRV_INIT_TMOUT=60000           # .NET start-up and JIT on a busy machine
failed=0
summary=""
for target in $targets; do
  seeds="$root/tests/fuzz-corpus/$target"
  findings="$here/findings/$target"
  input=(-i "$seeds")
  if [ "${FUZZ_RESUME:-0}" = 1 ] && [ -f "$findings/default/fuzzer_stats" ]; then
    input=(-i -)   # continue the campaign in findings/<target>: its queue, and its counters
  else
    rm -rf "$findings"
    mkdir -p "$findings"
  fi
  dictionary=()
  dictionary_name="$target"
  if [ "$target" = checkpoint ]; then dictionary_name=model; fi   # the same names and syntax
  if [ -f "$root/tests/fuzz-corpus/dictionaries/$dictionary_name.dict" ]; then
    dictionary=(-x "$root/tests/fuzz-corpus/dictionaries/$dictionary_name.dict")
  fi
  # The structure-aware target reads its seed documents (the model corpus) and takes recipes as inputs.
  target_args=("$target")
  if [ "$target" = model-structured ]; then target_args=("$target" --seeds "$root/tests/fuzz-corpus/model"); fi

  echo "== fuzzing '$target' for $seconds s (seeds: tests/fuzz-corpus/$target)"
  set +e
  AFL_AUTORESUME=1 afl-fuzz "${input[@]}" -o "$findings" -t 5000 -m none -V "$seconds" "${dictionary[@]}" \
    -- "$(command -v dotnet)" "$out/Backprop.Fuzzing.dll" "${target_args[@]}" > "$findings/afl-fuzz.log" 2>&1
  status=$?
  set -e
  stats="$findings/default/fuzzer_stats"
  if [ $status -ne 0 ] || [ ! -f "$stats" ]; then
    tail -n 30 "$findings/afl-fuzz.log" >&2
    echo "afl-fuzz failed on '$target' (exit $status); log: $findings/afl-fuzz.log" >&2
    exit 1
  fi

  stat() { sed -n "s/^$1 *: *//p" "$stats"; }
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
  line="$target: $(stat execs_done) executions in $(stat run_time) s ($(stat execs_per_sec)/s), corpus $(stat corpus_count), edges $(stat edges_found), coverage $(stat bitmap_cvg), crashes $crashes, hangs $hangs"
  echo "$line"
  summary="$summary$line"$'\n'

  if [ "$crashes" -gt 0 ]; then
    failed=1
    regressions="$root/tests/fuzz-corpus/regressions/$target"
    mkdir -p "$regressions"
    for crash in "$findings"/default/crashes/id:*; do
      name="crash-$(sha1sum "$crash" | cut -c1-12)"
      cp "$crash" "$regressions/$name"
      echo "-- $target crash saved as tests/fuzz-corpus/regressions/$target/$name"
      dotnet "$replay/Backprop.Fuzzing.dll" "${target_args[@]}" --replay "$regressions/$name" || true
      if [ "$target" = model-structured ]; then
        # The recipe's model file goes to the model regressions, which FuzzCorpusRegressionTests replays.
        mkdir -p "$root/tests/fuzz-corpus/regressions/model"
        dotnet "$replay/Backprop.Fuzzing.dll" "${target_args[@]}" --write-document "$regressions/$name" "$root/tests/fuzz-corpus/regressions/model/$name.json"
        echo "-- its model file saved as tests/fuzz-corpus/regressions/model/$name.json"
      fi
    done
  fi
done

echo "== fuzzing summary (${seconds} s per target)"
printf '%s' "$summary"
if [ $failed -ne 0 ]; then
  echo "afl-fuzz found crashes: see above; they are saved under tests/fuzz-corpus/regressions/ as regression tests" >&2
  exit 1
fi
