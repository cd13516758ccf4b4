"""The small server-rendered page behind the QR URL (/a/...), outside /api/v1."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
