#!/bin/sh
echo "push-open: setup step"
