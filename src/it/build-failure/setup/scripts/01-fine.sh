#!/bin/sh
echo "fine"
