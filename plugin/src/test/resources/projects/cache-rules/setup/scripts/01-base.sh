#!/bin/sh
set -eu
echo base
