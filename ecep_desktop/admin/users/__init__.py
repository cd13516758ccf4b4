"""Users: the table (server-side paging, search, filters), the user dialog, reset codes."""
