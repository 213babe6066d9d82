"""The call log: every call, filtered and sorted by the database, read page by page as the operator scrolls."""
