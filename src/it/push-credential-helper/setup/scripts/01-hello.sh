#!/bin/sh
echo "push-credential-helper: setup step"
