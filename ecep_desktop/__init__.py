"""eCEP desktop app (PySide6). Its windows arrive with the desktop issue; until then the
``ecep`` command runs the headless school server so that ``make run`` always works."""
