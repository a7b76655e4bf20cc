#!/usr/bin/env bash
# Gives an arbitrary uid (docker run --user 12345) a user name; see lib/identity.sh.

provide_user_identity
