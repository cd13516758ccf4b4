"""The embedded school server, supervised."""

from ecep_desktop.server.supervisor import ServerState, ServerSupervisor

__all__ = ["ServerState", "ServerSupervisor"]
