#!/bin/sh
echo "runtime ten"
