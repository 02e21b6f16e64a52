import pytest

from muni.channels.deep_links import DeepLinkError, check_ref, deep_link, verify

KEY = b"test-key"


def parts(url: str) -> tuple[str, str, str, str]:
    from urllib.parse import parse_qs, urlsplit

    split = urlsplit(url)
    _, _, tenant, topic = split.path.split("/")
    query = parse_qs(split.query)
    return tenant, topic, query.get("ref", [""])[0], query["sig"][0]


def test_a_link_verifies_and_any_change_is_refused():
    url = deep_link("http://x.dk/", KEY, "aarhus", "pas", "BREV-17")
    assert url.startswith("http://x.dk/q/aarhus/pas?ref=BREV-17&sig=")
    tenant, topic, ref, sig = parts(url)
    verify(KEY, tenant, topic, ref, sig)
    for changed in [("odense", topic, ref, sig), (tenant, "storskrald", ref, sig),
                    (tenant, topic, "BREV-18", sig), (tenant, topic, "", sig),
                    (tenant, topic, ref, sig[:-1] + ("A" if sig[-1] != "A" else "B"))]:
        with pytest.raises(DeepLinkError):
            verify(KEY, *changed)
    with pytest.raises(DeepLinkError):
        verify(b"other-key", tenant, topic, ref, sig)


def test_link_without_reference():
    tenant, topic, ref, sig = parts(deep_link("http://x.dk", KEY, "vejle", "affald"))
    assert ref == ""
    verify(KEY, tenant, topic, ref, sig)


@pytest.mark.parametrize("ref", ["010190-1234", "0101901234", "har mellemrum", "a" * 65, "æøå"])
def test_references_that_are_not_plain_codes_are_refused(ref):
    with pytest.raises(DeepLinkError):
        check_ref(ref)
