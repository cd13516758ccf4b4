"""Lessons: a list per week (previous / next), a new lesson, a new subject."""
