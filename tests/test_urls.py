"""Canonical URLs: one story, one address."""

import pytest

from scraper.urls import canonical_url, is_aggregator, same_site


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.Example.fr/a/b.html?utm_source=x&utm_medium=rss#top",
         "https://www.example.fr/a/b.html"),
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
    assert canonical_url("https://e.fr/search?q=cyberattaque+h%C3%B4pital") == \
        "https://e.fr/search?q=cyberattaque+h%C3%B4pital"


def test_same_site_and_aggregators() -> None:
    assert same_site("https://www.ouest-france.fr/a", "https://ouest-france.fr/b")
    assert not same_site("https://evil.example/a", "https://ouest-france.fr/b")
    assert is_aggregator("https://news.google.com/rss/articles/CBMiXyz")
    assert not is_aggregator("https://www.lemonde.fr/pixels/")
