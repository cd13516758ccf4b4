"""Attendance tests (lesson, day, reports)."""
