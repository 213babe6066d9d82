"""Personal data by the rules (RGPD): callers' data kept three years after the last contact, then anonymised;
a person's data exported or erased on request; every such act written in the audit log.

What is anonymised: the caller's name, phone and e-mail, the calling number on calls, personal details in
free text (notes, search terms, referral notes, history) and the archived letters. What stays: the calls
themselves (date, category, outcome, referrals), so the network's statistics keep counting them.
"""
