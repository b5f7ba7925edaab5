#!/usr/bin/env bash
# Runs make targets one after another and says how long each took: the table at the end is
# printed also when a stage fails (the run stops there, with its exit code).
#
#   tests/stages.sh NAME TARGET...     e.g. tests/stages.sh "make test" lint test-rust
set -uo pipefail

name=$1
shift
times=()
started=$SECONDS
status=0
for target in "$@"; do
  start=$SECONDS
  ${MAKE:-make} --no-print-directory "$target"
  status=$?
  times+=("$(printf '%-14s %4d:%02d' "$target" $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)))")
  if [ "$status" -ne 0 ]; then
    times+=("$(printf '%-14s failed' "$target")")
    break
  fi
done
echo
echo "$name, time per stage (min:s):"
printf '  %s\n' "${times[@]}"
printf '  %-14s %4d:%02d\n' total $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60))
exit "$status"
