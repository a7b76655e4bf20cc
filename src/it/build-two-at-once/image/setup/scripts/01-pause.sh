#!/bin/sh
# IT_PAUSE is "<seconds> <a word of the run>": the word makes this step each build's own, the seconds hold it
set -eu
sleep "${IT_PAUSE%% *}"
