#!/bin/sh
echo "built by the BuildKit that BUILDKIT_HOST names"
