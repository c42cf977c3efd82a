"""Canonical URLs: one story, one address."""

import pytest

from scraper.urls import canonical_url, is_aggregator, is_web_url, same_site, strip_userinfo


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://www.Example.fr/a/b.html?utm_source=x&utm_medium=rss#top",
            "https://www.example.fr/a/b.html",
        ),
        ("https://example.fr/a?xtor=RSS-3&id=4&fbclid=abc", "https://example.fr/a?id=4"),
        ("HTTP://example.fr:80/a", "http://example.fr/a"),
        ("https://example.fr:443", "https://example.fr/"),
        ("https://example.fr:8443/a?gclid=1", "https://example.fr:8443/a"),
        ("https://example.fr/a?page=2&at_medium=custom", "https://example.fr/a?page=2"),
    ],
)
def test_canonical_url_removes_tracking_and_noise(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_canonical_url_keeps_meaningful_query() -> None:
    assert (
        canonical_url("https://e.fr/search?q=cyberattaque+h%C3%B4pital")
        == "https://e.fr/search?q=cyberattaque+h%C3%B4pital"
    )


def test_same_site_and_aggregators() -> None:
    assert same_site("https://www.ouest-france.fr/a", "https://ouest-france.fr/b")
    assert not same_site("https://evil.example/a", "https://ouest-france.fr/b")
    assert is_aggregator("https://news.google.com/rss/articles/CBMiXyz")
    assert not is_aggregator("https://www.lemonde.fr/pixels/")


def test_same_site_uses_the_public_suffix_list() -> None:
    assert same_site("https://blog.lemonde.fr/a", "https://www.lemonde.fr/b")
    assert not same_site("https://cert.ssi.gouv.fr/a", "https://www.fake.gouv.fr/b")
    assert not same_site("https://a.github.io/x", "https://b.github.io/x")
    assert not same_site("https://hopital.co.uk/a", "https://evil.co.uk/a")
    assert same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b")
    assert not same_site("http://127.0.0.1/a", "http://10.0.0.1/b")


@pytest.mark.parametrize(
    "url",
    ["http://e.fr:99999/a", "http://e.fr:abc/a", "http://[::1/a", "ftp://e.fr/a", "http:///a"],
)
def test_unusable_urls_are_not_web_urls(url: str) -> None:
    assert not is_web_url(url)


def test_userinfo_is_stripped() -> None:
    assert (
        strip_userinfo("http://admin:hunter2@127.0.0.1:8080/x?a=1") == "http://127.0.0.1:8080/x?a=1"
    )
    assert strip_userinfo("https://e.fr/a@b") == "https://e.fr/a@b"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.fr/b/../../x", "https://e.fr/x"),
        ("https://e.fr/a/./b/..", "https://e.fr/a/"),
        ("https://e.fr/a.b/c..d/x.html", "https://e.fr/a.b/c..d/x.html"),
    ],
)
def test_dot_segments_are_removed(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
