"""Running the helpdesk for real: several operators on one database (what changed, who saved first), backups
and restores, the protection of the data files. Qt-free: the window and the command line call these.

- changes: `current_marker` / `changes_since`, the cheap poll that tells a window what others changed;
- conflicts: `ConflictError` (a UserError) carrying what the other operator changed, `conflict_guard`,
  `guarded_edit`;
- backup: `ensure_daily_backup` (rotation 7 daily, 4 weekly), `backup_database` (SQLite online backup or
  pg_dump), `restore_database` (validated, the current database kept first);
- files: owner-only permissions of the database, its WAL/SHM and the backups.
"""
