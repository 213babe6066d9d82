"""The call screen: one tab to take a call from ring to letter (call panel, search, routing, history, reminders)."""
