#!/bin/sh
echo "20: configuring"
