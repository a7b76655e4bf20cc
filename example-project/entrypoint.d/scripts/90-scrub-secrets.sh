#!/usr/bin/env bash
# The server does not need the superuser password in its environment, and every process it
# starts (archive_command, extensions) would inherit it. Patroni does need its PATRONI_* ones.

unset POSTGRES_PASSWORD
