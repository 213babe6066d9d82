"""The endpoint's rules without any server: token made once, URL, allowed clients, and the status of
each kind of request."""

from __future__ import annotations

import pytest

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.settings import Settings
from bouquet_desk.core.telephony import endpoint


def _settings(tmp_path, **values) -> Settings:
    settings = Settings(**values)
    settings.save(tmp_path)
    return settings


def test_token_is_made_on_first_use_and_kept(tmp_path):
    settings = _settings(tmp_path)
    assert settings.telephony_token == ""
    first = endpoint.token(settings, save=lambda: settings.save(tmp_path))
    assert len(first) >= 24 and Settings.load(tmp_path).telephony_token == first
    assert endpoint.token(settings) == first
    assert endpoint.url(settings) == f"http://127.0.0.1:8739/api/v1/cti/{first}"


def test_url_for_an_address_beyond_this_pc(tmp_path):
    settings = _settings(tmp_path, telephony_address="0.0.0.0", telephony_token="t0k", telephony_port=9000)
    assert endpoint.url(settings) == "http://ADRESSE-DE-CE-POSTE:9000/api/v1/cti/t0k"
    assert endpoint.url(settings, local=True) == "http://127.0.0.1:9000/api/v1/cti/t0k"
    assert endpoint.listens_beyond_loopback(settings)
    assert not endpoint.listens_beyond_loopback(Settings())
    assert endpoint.url(Settings(telephony_address="::1", telephony_token="t")) == "http://[::1]:8739/api/v1/cti/t"


@pytest.mark.parametrize("values, said", [
    ({"telephony_address": "standard.local"}, "Adresse d'écoute"),
    ({"telephony_port": 70000}, "Port"),
    ({"telephony_allowed_clients": "192.168.1.300"}, "Adresse autorisée"),
])
def test_unusable_settings_are_named(values, said):
    with pytest.raises(UserError, match=said):
        endpoint.check_settings(Settings(**values))


def test_clients_loopback_or_listed():
    assert endpoint.client_allowed("127.0.0.1", "")
    assert endpoint.client_allowed("::1", "")
    assert endpoint.client_allowed("::ffff:127.0.0.1", "")
    assert not endpoint.client_allowed("192.168.1.20", "")
    assert endpoint.client_allowed("192.168.1.20", "10.0.0.1, 192.168.1.0/24")
    assert not endpoint.client_allowed("192.168.2.20", "192.168.1.0/24")
    assert not endpoint.client_allowed("not an address", "0.0.0.0/0")


def _answer(settings, path="/api/v1/cti/secret", body=b"event=newCall&callId=1&from=0353730101", **kw):
    return endpoint.answer(settings, path=path, method=kw.pop("method", "POST"),
                           remote=kw.pop("remote", "127.0.0.1"), content_type="", body=body, **kw)


def test_statuses():
    settings = Settings(telephony_token="secret")
    ok = _answer(settings)
    assert (ok.status, ok.body) == (200, {}) and ok.event.from_number == "0353730101"
    assert _answer(settings, path="/api/v1/cti/").status == 401
    assert _answer(settings, path="/api/v1/cti/secreT").status == 401
    assert _answer(Settings(), path="/api/v1/cti/").status == 401  # no token made yet: nothing gets in
    assert _answer(settings, body=b"event=dance&callId=1").status == 422
    assert _answer(settings, body=b"x" * (64 * 1024 + 1)).status == 413
    assert _answer(settings, method="GET").status == 405
    assert _answer(settings, remote="203.0.113.9").status == 403
    refused = _answer(settings, body=b"event=dance&callId=1")
    assert "dance" in refused.body["error"] and refused.event is None
