"""Login dialog."""

from ecep_desktop.login.dialog import LoginDialog

__all__ = ["LoginDialog"]
