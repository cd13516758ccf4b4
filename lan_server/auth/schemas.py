from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from lan_server.users.schemas import UserRead


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=254, description="Username or email")
    password: str = Field(min_length=1, max_length=1024)
    school_id: uuid.UUID | None = Field(
        default=None, description="Only on a hub, where two schools may share a username"
    )


class TokenPairRead(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type
    expires_in: int = Field(description="Lifetime of the access token, in seconds")
    refresh_expires_in: int
    user: UserRead


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class LogoutRequest(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=200)


class ConfirmEmailRequest(BaseModel):
    token: str = Field(min_length=1, max_length=200)


class PasswordResetRequest(BaseModel):
    username: str = Field(min_length=1, max_length=254, description="Username or email")


class PasswordResetConfirm(BaseModel):
    token: str = Field(min_length=1, max_length=200, description="Code from the email or the admin")
    new_password: str = Field(min_length=1, max_length=1024)
    username: str | None = Field(
        default=None,
        max_length=254,
        description="Required with an admin-issued numeric code",
    )


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class MessageRead(BaseModel):
    detail: str


class PermissionsRead(BaseModel):
    permissions: list[str]
