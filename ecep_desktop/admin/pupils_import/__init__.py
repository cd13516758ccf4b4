"""The pupils CSV import wizard: choose a file, preview it, dry run on the server, apply."""
