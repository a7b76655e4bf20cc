#!/usr/bin/env bash
# Thaws and stops the engine start-frozen-engine.sh DIR started (by its pid file), removes its state and bridge.
set -uo pipefail
dir="$1"
if [ -f "$dir/dockerd.pid" ]; then
  pid="$(cat "$dir/dockerd.pid")"
  kill -CONT "$pid" 2>/dev/null
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
fi
if [ -f "$dir/exec-root" ]; then
  rm -rf "$(cat "$dir/exec-root")"
fi
rm -rf "$dir/data"
ip link del br-pgfrz 2>/dev/null || true
