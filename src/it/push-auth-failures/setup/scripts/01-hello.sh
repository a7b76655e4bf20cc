#!/bin/sh
echo "push-auth-failures: setup step"
