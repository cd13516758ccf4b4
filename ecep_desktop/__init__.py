"""eCEP desktop app (PySide6): the administrators' and teachers' app, an HTTP client of a
school server (its own embedded one or another on the LAN). See docs/desktop.md."""
