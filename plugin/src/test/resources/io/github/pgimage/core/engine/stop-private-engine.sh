#!/usr/bin/env bash
# Stops the engine start-private-engine.sh DIR … started (by its pid file; thawed first, should a test have left it
# frozen) and removes its state and bridge. Usage: stop-private-engine.sh DIR BRIDGE.
set -uo pipefail
dir="$1"
bridge="$2"
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
ip link del "$bridge" 2>/dev/null || true
