#!/usr/bin/env bash
# Stops the engine start-runner-engine.sh DIR started and removes its state and bridge.
exec bash "$(dirname "$0")/../engine/stop-private-engine.sh" "$1" br-pgrun
