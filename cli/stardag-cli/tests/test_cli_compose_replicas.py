"""The replicas override of the compose stack: N api replicas behind one published port
(validated by parsing; no Docker engine on CI machines)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

COMPOSE_DIR = Path(__file__).resolve().parents[3] / "compose"


class _ComposeLoader(yaml.SafeLoader):
    """YAML with compose's ``!reset`` tag (clear a value of the base file)."""


_ComposeLoader.add_constructor("!reset", lambda loader, node: {"!reset": node.value})


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load((COMPOSE_DIR / name).read_text(), Loader=_ComposeLoader)
    return loaded


def test_api_replicas_publish_no_port_and_the_proxy_publishes_the_base_port() -> None:
    base = _load("docker-compose.yml")["services"]
    override = _load("docker-compose.replicas.yml")["services"]
    assert set(override) == {"api", "proxy"}
    assert override["api"]["ports"] == {"!reset": []}  # replicas cannot share a host port
    assert override["api"]["deploy"]["replicas"] == "${STARDAG_API_REPLICAS:-2}"
    proxy = override["proxy"]
    assert proxy["ports"] == base["api"]["ports"]  # clients keep the same URL
    assert proxy["depends_on"]["api"]["condition"] == "service_healthy"
    mount = proxy["volumes"][0].split(":")
    assert (COMPOSE_DIR / mount[0]).is_file() and mount[1] == "/etc/nginx/conf.d/default.conf"


def test_proxy_spreads_requests_over_every_replica_and_streams_events() -> None:
    conf = (COMPOSE_DIR / "nginx-replicas.conf").read_text()
    assert re.search(r"server api:8420 resolve;", conf)
    assert "listen 8420;" in conf
    assert "proxy_pass http://stardag_api;" in conf
    assert "proxy_buffering off;" in conf
    assert conf.count("{") == conf.count("}")


def test_api_processes_per_container_are_configurable() -> None:
    api = _load("docker-compose.yml")["services"]["api"]
    assert "--workers" in api["command"][-1]
    assert api["environment"]["STARDAG_API_WORKERS"] == "${STARDAG_API_WORKERS:-1}"
    example = (COMPOSE_DIR / ".env.example").read_text()
    assert "STARDAG_API_WORKERS=" in example
