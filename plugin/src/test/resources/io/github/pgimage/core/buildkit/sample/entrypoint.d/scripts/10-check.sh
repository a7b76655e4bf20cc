#!/bin/sh
echo "10: checking the environment"
