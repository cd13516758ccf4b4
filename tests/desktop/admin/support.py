"""Helpers of the administrator screens' tests: a prompter that answers at once, and the
admin page under test logged in against the real test server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from PySide6.QtCore import QUrl

from tests.support import unique


@dataclass
class AnsweringPrompter:
    """Stands in for ecep_desktop.admin.common.Prompter: no modal loop, answers recorded."""

    confirm_answer: bool = True
    open_name: str = ""
    save_name: str = ""
    open_url_result: bool = True
    asked: list[tuple[str, str]] = field(default_factory=list)
    opened_urls: list[QUrl] = field(default_factory=list)

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answer

    def inform(self, parent: Any, title: str, text: str) -> None:
        self.asked.append(("inform", text))

    def open_file_name(self, parent: Any, title: str, file_filter: str) -> str:
        self.asked.append(("open", title))
        return self.open_name

    def save_file_name(self, parent: Any, title: str, suggested: str, file_filter: str) -> str:
        self.asked.append(("save", suggested))
        return self.save_name

    def open_url(self, url: QUrl) -> bool:
        self.opened_urls.append(url)
        return self.open_url_result


def make_class(admin: httpx.Client, *, year: str, level: str = "CM2") -> dict[str, Any]:
    response = admin.post("/api/v1/classes",
                          json={"name": unique("CM2 "), "level": level, "school_year": year})
    assert response.status_code == 201, response.text
    return response.json()


def enroll(admin: httpx.Client, class_id: str, *pupil_ids: str) -> None:
    response = admin.post(f"/api/v1/classes/{class_id}/enrollments",
                          json={"pupil_ids": list(pupil_ids)})
    assert response.status_code == 200, response.text


def current_year() -> str:
    from datetime import date

    from lan_server.school.schemas import current_school_year

    today = date.today()
    return current_school_year(today.year, today.month)
