#!/usr/bin/env bash
# Resolves the settings of the official postgres image (each also as NAME_FILE) and decides the
# mode: Patroni when a DCS address is configured, plain PostgreSQL otherwise.

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
file_env POSTGRES_INITDB_WALDIR
file_env POSTGRES_HOST_AUTH_METHOD
file_env_patroni

: "${PGDATA:?PGDATA must name the data directory}"
[ -n "$POSTGRES_USER" ] || fatal "POSTGRES_USER must not be empty"
[ -n "$POSTGRES_DB" ] || fatal "POSTGRES_DB must not be empty"

# The DCS address variables Patroni documents; any one of them switches to Patroni.
PGIMAGE_MODE=postgres
for dcs_var in PATRONI_ETCD3_HOSTS PATRONI_ETCD3_HOST PATRONI_ETCD3_URL PATRONI_ETCD3_PROXY PATRONI_ETCD3_SRV \
  PATRONI_ETCD_HOSTS PATRONI_ETCD_HOST PATRONI_ETCD_URL PATRONI_ETCD_PROXY PATRONI_ETCD_SRV \
  PATRONI_CONSUL_HOST PATRONI_CONSUL_URL PATRONI_ZOOKEEPER_HOSTS PATRONI_EXHIBITOR_HOSTS \
  PATRONI_KUBERNETES_NAMESPACE PATRONI_RAFT_SELF_ADDR; do
  if [ -n "${!dcs_var:-}" ]; then
    PGIMAGE_MODE=patroni
    break
  fi
done
unset dcs_var
export PGIMAGE_MODE
