"""The telephone system, without Qt: call events in Zammad's "generic CTI" form, the state of each call
(callId → ringing, answered, ended), the endpoint's rules (token, clients, sizes), tel:/callto: links,
dialling (command template, Asterisk AMI), and the calls the telephone logs by itself (missed, dialled)."""
