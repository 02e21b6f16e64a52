"""Sealed context values: readable only with the installation's key, tamper-evident."""

from muni.privacy.sealed import seal, unseal

KEY = b"s" * 32


def test_a_sealed_address_opens_with_the_same_key_only():
    address = {"id": "a-1", "street": "Vestergade", "number": "12", "label": "Vestergade 12"}
    sealed = seal(KEY, address)
    assert "Vestergade" not in sealed
    assert unseal(KEY, sealed) == address
    assert unseal(b"t" * 32, sealed) is None


def test_tampered_or_foreign_values_open_as_none():
    sealed = seal(KEY, ["x"])
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    assert unseal(KEY, tampered) is None
    for junk in (None, "", 3, ["x"], {"sealed": sealed}, "not a token"):
        assert unseal(KEY, junk) is None
