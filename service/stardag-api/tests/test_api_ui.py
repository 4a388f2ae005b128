"""The service serves the built UI (SPA fallback) next to the API, and says when it is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_testing import LOOPBACK


def client_for(database_url: str, ui_dir: Path) -> TestClient:
    return TestClient(
        create_app(Settings(database_url=database_url, ui_dir=ui_dir)), base_url=LOOPBACK
    )


@pytest.fixture
def ui_client(api_database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html><body>stardag ui</body></html>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log('hi')")
    with client_for(api_database_url, tmp_path) as client:
        yield client


def test_index_and_assets_are_served(ui_client: TestClient) -> None:
    index = ui_client.get("/")
    assert index.status_code == 200
    assert "stardag ui" in index.text
    asset = ui_client.get("/assets/app-1234.js")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]


def test_client_side_routes_fall_back_to_index(ui_client: TestClient) -> None:
    page = ui_client.get("/tasks/abcd1234")
    assert page.status_code == 200
    assert "stardag ui" in page.text


def test_api_paths_never_fall_back(ui_client: TestClient) -> None:
    assert ui_client.get("/api/v1/no-such-thing").status_code == 404
    assert ui_client.get("/api/v1/no-such-thing").json()["code"] == "not_found"
    assert ui_client.get("/assets/missing.js").status_code == 404
    assert ui_client.get("/health").json()["status"] == "ok"
    assert ui_client.get("/openapi.json").json()["info"]["title"] == "Stardag registry"
    assert ui_client.get("/docs").status_code == 200


def test_path_traversal_stays_inside_the_bundle(ui_client: TestClient) -> None:
    response = ui_client.get("/..%2F..%2Fetc%2Fpasswd")
    assert "root:" not in response.text


def test_missing_bundle_page_says_how_to_build(api_database_url: str, tmp_path: Path) -> None:
    with client_for(api_database_url, tmp_path / "nothing-here") as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "npm run build" in page.text
        assert "STARDAG_UI_DIR" in page.text


def test_cors_is_off_unless_origins_are_configured(
    ui_client: TestClient, api_database_url: str, tmp_path: Path
) -> None:
    preflight = {"origin": "http://localhost:5173", "access-control-request-method": "GET"}
    response = ui_client.options("/api/v1/tasks", headers=preflight)
    assert "access-control-allow-origin" not in response.headers
    settings = Settings(
        database_url=api_database_url, ui_dir=tmp_path, cors_origins=["http://localhost:5173"]
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        response = client.options("/api/v1/tasks", headers=preflight)
        assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
