#!/usr/bin/env python3
"""Renders Patroni's configuration to stdout.

Layers, later ones win: the YAML files in the directory given as argument (name order), values
derived from the container (name, addresses, PGDATA, superuser name), then the PATRONI_*
environment exactly as Patroni itself reads it. Secrets (passwords, tokens) are removed from the
output: Patroni reads them from the environment again when it starts, so they never reach a file.
"""
import copy
import os
import socket
import sys

import yaml
from patroni.config import Config

SECRET_KEYS = {"password", "keyfile_password", "token", "key_password"}


def merge(base, override):
    """Deep merge of two mappings; values of override win, lists are replaced."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def without_secrets(node):
    if isinstance(node, dict):
        return {k: without_secrets(v) for k, v in node.items() if k not in SECRET_KEYS}
    if isinstance(node, list):
        return [without_secrets(v) for v in node]
    return node


def load_templates(directory):
    config = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith((".yml", ".yaml")):
            with open(os.path.join(directory, name), encoding="utf-8") as stream:
                config = merge(config, yaml.safe_load(stream) or {})
    return config


def port_of(listen, default):
    # "0.0.0.0:5432" or "0.0.0.0,:::5432": the port follows the last colon.
    tail = str(listen or "").rsplit(":", 1)
    return tail[1] if len(tail) == 2 and tail[1].isdigit() else default


def container_defaults(config):
    """Values every member needs that only the running container knows."""
    hostname = socket.gethostname()
    address = socket.gethostbyname(hostname)
    restapi = config.get("restapi", {})
    postgresql = config.get("postgresql", {})
    pgdata = os.environ["PGDATA"]
    defaults = {
        "name": hostname,
        "restapi": {"connect_address": "%s:%s" % (address, port_of(restapi.get("listen"), "8008"))},
        "postgresql": {
            "connect_address": "%s:%s" % (address, port_of(postgresql.get("listen"), "5432")),
            "data_dir": pgdata,
            "authentication": {"superuser": {"username": os.environ.get("POSTGRES_USER", "postgres")}},
        },
    }
    if "raft" in config:
        # Raft's journal belongs in the data volume, beside PGDATA, so it survives the container.
        defaults["raft"] = {"data_dir": os.path.join(os.path.dirname(pgdata.rstrip("/")), "raft")}
    return defaults


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: patroni_config.py CONFIG_DIRECTORY")
    templates = load_templates(argv[1])
    # Patroni's own parser of PATRONI_* variables (private, but pinned with the Debian package);
    # using it means the file means exactly what the same variables would mean to Patroni.
    environment = Config._build_environment_configuration()
    config = merge(templates, environment)
    config = merge(merge(templates, container_defaults(config)), environment)
    yaml.safe_dump(without_secrets(config), sys.stdout, default_flow_style=False, sort_keys=False)


if __name__ == "__main__":
    main(sys.argv)
