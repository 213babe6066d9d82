"""Mail that leaves the desk: SMTP settings with the password in the OS keyring, the outbox that loses nothing,
the letters, notices and reminders queued in it. Qt-free; the window calls these through its runner.

    config.setup(context, host=…, port=…, security=…, sender=…)   settings + keyring
    sending.queue_call / queue_pending / queue_reminders             stored in the outbox first
    outbox.flush(context)                                            send what waits (backoff, across restarts)
    outbox.list_outbox / counts / retry / cancel                     what the operator sees and does
"""
