"""Operations: backups and restores, log files, the support bundle."""
