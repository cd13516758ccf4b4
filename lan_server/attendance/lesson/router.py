from fastapi import APIRouter

from lan_server.core.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/attendance", tags=["attendance"], responses=PROBLEM_RESPONSES)
