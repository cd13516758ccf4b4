"""Attendance: lesson sessions with a rotating QR (lesson/), arrival and departure
(day/), and reports (reports/). Shared contracts: codes.py, settings.py,
docs/attendance.md."""
