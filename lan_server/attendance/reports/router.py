from fastapi import APIRouter

from lan_server.core.errors import PROBLEM_RESPONSES

router = APIRouter(
    prefix="/attendance/reports", tags=["attendance reports"], responses=PROBLEM_RESPONSES
)
