from __future__ import annotations

from pydantic import BaseModel, Field


class ImportLineError(BaseModel):
    line: int = Field(description="Line in the file; the header is line 1")
    code: str = Field(description="Stable code, e.g. csv.bad_date")
    message: str = Field(description="The reason, in the request's language")
    field: str | None = Field(default=None, description="Canonical column, e.g. birth_date")


class ImportReport(BaseModel):
    dry_run: bool
    school_year: str
    total_rows: int = Field(description="Non-blank pupil lines in the file")
    created: int
    updated: int
    unchanged: int
    errors: list[ImportLineError]
