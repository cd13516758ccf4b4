"""The app built from the environment (ECEP_*), for uvicorn's ``--factory`` with several
worker processes: ``ecep-server serve --role hub --workers 2`` (or uvicorn directly)."""

from __future__ import annotations

from fastapi import FastAPI


def create_app_from_env() -> FastAPI:
    from lan_server.app import create_app
    from lan_server.config import get_settings

    return create_app(get_settings())
