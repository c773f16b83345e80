import pytest

from lisa.lib.csp import tile_sources


@pytest.mark.parametrize(
    ("template", "sources"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", ["https://*.tile.example.org"]),
        ("https://tiles{s}.example.org:8443/{z}/{x}/{y}.png", ["https://*.example.org:8443"]),
        ("//tiles.example.org/{z}/{x}/{y}.png", ["tiles.example.org"]),
        ("/tiles/{z}/{x}/{y}.png", []),
        ("", []),
    ],
)
def test_it_allows_the_tile_server_and_nothing_more(template, sources):
    assert tile_sources(template) == sources


def test_it_refuses_a_tile_host_that_varies_beyond_its_first_label():
    with pytest.raises(ValueError, match="first part"):
        tile_sources("https://tiles.{s}.example.org/{z}/{x}/{y}.png")
