"""Rich results a task can expose after it ran (``BaseTask.registry_assets()``).

The models match the original stardag's. Stardag's registries do not store
assets yet: a task may return them and the build accepts them, but they are not
shown in the UI (see the SDK README).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field


class MarkdownRegistryAsset(BaseModel):
    type: Literal["markdown"] = "markdown"
    name: str = Field(..., description="Asset name/slug for identification")
    body: str = Field(..., description="Markdown content")


class JSONRegistryAsset(BaseModel):
    type: Literal["json"] = "json"
    name: str = Field(..., description="Asset name/slug for identification")
    body: dict[str, Any] = Field(..., description="JSON-serializable dict data")


RegistryAsset = Annotated[MarkdownRegistryAsset | JSONRegistryAsset, Field(discriminator="type")]
