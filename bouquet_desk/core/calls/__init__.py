"""Calls, callers and routing: log every call, recognise the caller, suggest the right contact, follow
each referral. Qt-free: the window and the command line both sit on top of these services."""
