#!/bin/sh
echo "starting"
