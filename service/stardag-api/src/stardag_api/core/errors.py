"""Domain errors a client can act on, and their single mapping to HTTP responses.

Every error body is ``{"detail": "...", "code": "...", ...extra}`` (see docs/api.md).
The store raises these exceptions; ``install_error_handlers`` is the only place that
knows which HTTP status each one becomes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg import errors as pg_errors
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from stardag_api.api.methods import allowed_methods

logger = logging.getLogger(__name__)


class StardagAPIError(Exception):
    """Base of every error the API reports on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail, "code": self.code, **self.extra}


class NotFound(StardagAPIError):
    status_code = 404
    code = "not_found"


class TaskNotFound(NotFound):
    def __init__(self, task_id: str) -> None:
        super().__init__(f"No task with id or id prefix {task_id!r}.", task_id=task_id)


class RunNotFound(NotFound):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"No run with id {run_id!r}.", run_id=run_id)


class BuildNotFound(NotFound):
    def __init__(self, build_id: str) -> None:
        super().__init__(f"No build with id {build_id!r}.", build_id=build_id)


class AmbiguousTaskPrefix(StardagAPIError):
    status_code = 409
    code = "ambiguous_prefix"

    def __init__(self, prefix: str, candidates: Sequence[str]) -> None:
        super().__init__(
            f"Task id prefix {prefix!r} matches several tasks; give more characters.",
            candidates=list(candidates),
        )


class Unauthorized(StardagAPIError):
    status_code = 401
    code = "unauthorized"


class Forbidden(StardagAPIError):
    status_code = 403
    code = "forbidden"


class Conflict(StardagAPIError):
    status_code = 409
    code = "conflict"


class InvalidInput(StardagAPIError):
    """Input that passed schema validation but makes no sense (unknown reference, bad cursor)."""

    status_code = 422
    code = "invalid_input"

    def __init__(self, detail: str, loc: Sequence[str | int] = (), **extra: Any) -> None:
        super().__init__(detail, errors=[{"loc": list(loc), "msg": detail}], **extra)


class UnknownReferences(InvalidInput):
    """A write names tasks/runs/builds the registry has never seen."""

    def __init__(self, kind: str, ids: Sequence[str], loc: Sequence[str | int] = ()) -> None:
        shown = ", ".join(sorted(ids)[:10])
        more = f" (and {len(ids) - 10} more)" if len(ids) > 10 else ""
        hint = " Register tasks before (or in the same batch as) what refers to them."
        super().__init__(
            f"Unknown {kind} id(s): {shown}{more}.{hint if kind == 'task' else ''}", loc=loc
        )


class TooLarge(StardagAPIError):
    status_code = 413
    code = "too_large"


class DatabaseUnavailable(StardagAPIError):
    status_code = 503
    code = "database_unavailable"


class SchemaNotAtHead(Exception):
    """The database schema is not the one this code needs; the server refuses to start."""

    def __init__(self, current: str | None, head: str, command: str) -> None:
        self.current, self.head, self.command = current, head, command
        where = f"is at revision {current}" if current else "has no Stardag schema yet"
        super().__init__(
            f"The database {where}, but this server needs revision {head}. "
            f"Run `{command}` (STARDAG_DATABASE_URL names the database) and start again."
        )


def _location(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def validation_error_body(errors: Sequence[Any]) -> dict[str, Any]:
    """The 422 body for pydantic/FastAPI validation errors: first field named in ``detail``."""
    cleaned = [{"loc": list(err.get("loc", ())), "msg": str(err.get("msg", ""))} for err in errors]
    first = cleaned[0] if cleaned else {"loc": [], "msg": "invalid input"}
    detail = f"Invalid {_location(first['loc'])}: {first['msg']}"
    return {"detail": detail, "code": "invalid_input", "errors": cleaned}


def install_error_handlers(app: FastAPI) -> None:
    """Map every designed error (and the failures we expect) to its JSON response."""

    @app.exception_handler(StardagAPIError)
    async def _designed(request: Request, exc: StardagAPIError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_error_body(exc.errors()), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        code = codes.get(exc.status_code, "http_error")
        if exc.status_code == 400:
            code = "invalid_input"  # FastAPI's "error parsing the body"
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(
            {"detail": str(exc.detail), "code": code},
            status_code=exc.status_code,
            headers=headers,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeoutError)
    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(getattr(exc, "orig", None), pg_errors.QueryCanceled):
            # The statement timeout cut a query: the database is fine, the request too big.
            logger.warning("query cancelled by the statement timeout: %s", request.url)
            body = DatabaseUnavailable(
                "The query took longer than the server allows; ask for less "
                "(a smaller depth, limit or page) or retry later."
            ).body()
            return JSONResponse({**body, "code": "query_timeout"}, status_code=503)
        logger.warning("database unavailable: %s", exc)
        body = DatabaseUnavailable(
            "The registry database cannot be reached right now; retry shortly."
        ).body()
        return JSONResponse(body, status_code=503)

    @app.exception_handler(DBAPIError)
    async def _database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        # Reaching this is a bug in our validation; still answer with JSON, never a traceback.
        logger.error("database rejected a statement: %s", exc)
        return JSONResponse(
            {"detail": f"The database rejected the request: {exc.orig}", "code": "database_error"},
            status_code=500,
        )
