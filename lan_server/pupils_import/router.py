from fastapi import APIRouter

router = APIRouter(prefix="/pupils", tags=["pupils"])
