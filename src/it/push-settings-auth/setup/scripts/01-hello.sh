#!/bin/sh
echo "push-settings-auth: setup step"
