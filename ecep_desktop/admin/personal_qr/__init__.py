"""A personal, single-use QR for one person's arrival or departure, shown big."""
