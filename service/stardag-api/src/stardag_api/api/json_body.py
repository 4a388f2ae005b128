"""Request bodies validated straight from the raw bytes, for the bulk ingest endpoints.

FastAPI parses a body with ``json.loads`` and then validates the Python objects: two
passes over every event, about a third of a large batch's request time. pydantic
validates JSON bytes in one pass (in Rust). The routes that use this still declare
their model for the OpenAPI schema (see ``documented_body``), so clients see no change.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


def parse_body(raw: bytes, model: type[ModelT]) -> ModelT:
    """``raw`` validated as ``model``; invalid input becomes FastAPI's 422 (same ``loc`` shape).

    Malformed JSON is a 422 ``json_invalid`` error at ``body``, as FastAPI reports it.
    """
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors: list[dict[str, Any]] = [
            {**error, "loc": ("body", *error["loc"])}
            for error in exc.errors(include_url=False, include_context=False)
        ]
        raise RequestValidationError(errors) from None


def documented_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` that documents ``model`` as the required JSON request body.

    The app must list ``model`` in ``document_body_models`` so its schema is a component.
    """
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"content": {"application/json": {"schema": ref}}, "required": True}}


def document_body_models(app: FastAPI, models: Sequence[type[BaseModel]]) -> None:
    """Add the schemas of raw-validated body ``models`` to ``app``'s OpenAPI components.

    FastAPI only emits components for models in route signatures, so the schemas come
    from a throwaway app whose routes declare them: exactly what FastAPI would emit.
    """
    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = default_openapi()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(_component_schemas(models))
            schema["components"]["schemas"] = dict(sorted(components.items()))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _component_schemas(models: Sequence[type[BaseModel]]) -> dict[str, Any]:
    scratch = FastAPI()
    for model in models:

        def endpoint(body: Any) -> None:
            """Never served: only declares the body for the schema."""

        parameter = inspect.Parameter(
            "body", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=model
        )
        endpoint.__signature__ = inspect.Signature([parameter])  # type: ignore[attr-defined]
        scratch.post(f"/{model.__name__}")(endpoint)
    schemas: dict[str, Any] = scratch.openapi()["components"]["schemas"]
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return schemas
