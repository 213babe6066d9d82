"""The telephone in the window: the call-event endpoint served from the window's own event loop, what each
event does on the call screen, the missed calls' queue, and click to dial."""
