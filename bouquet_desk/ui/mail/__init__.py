"""The window's side of the outbox: the state in the status bar, the list to retry or cancel, sending a call's
letters and the reminders off the GUI thread."""
