"""The desktop's HTTP client of the school server: :class:`ApiClient` and its call handles."""

from ecep_desktop.api.call import ApiCall
from ecep_desktop.api.client import API, ApiClient
from ecep_desktop.api.errors import ApiError

__all__ = ["API", "ApiCall", "ApiClient", "ApiError"]
