"""Launch: the first choice, waiting for the embedded server, the first-run wizard."""
