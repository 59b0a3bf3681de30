"""``POST /article`` on a real server: an article in, its listed parties out."""

from __future__ import annotations

import httpx

ARTICLE = (
    "Qassem Soleimani led the Islamic Revolutionary Guard Corps–Quds Force (IRGC-QF) "
    "since 1998.\n\n"
    "“He was plotting,” Secretary Michael Pompeo told CNN on January 3.\n"
)


def test_an_article_names_its_listed_parties_with_dates_resolved(client: httpx.Client) -> None:
    response = client.post("/article", json={"text": ARTICLE, "published": "2020-01-04"})
    assert response.status_code == 200, response.text
    result = response.json()
    listed = {m["entity_id"] for p in result["parties"] if p["listed"] for m in p["matches"]}
    assert {"ofac-sdn-10481", "ofac-sdn-10465"} <= listed
    assert "1998/2020-01-04" in {d["value"] for d in result["dates"]}
    assert result["risk_model"] == "adverse-media classifier"


def test_html_is_read_apart_from_its_captions(client: httpx.Client) -> None:
    page = (
        "<html><head><title>Strike</title></head><body><article>"
        "<p>Qassem Soleimani was killed on January 2.</p>"
        "<figure><figcaption>Soleimani in 2016. (© AP Images)</figcaption></figure>"
        "</article></body></html>"
    )
    response = client.post("/article", json={"html": page, "published": "2020-01-04"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["title"] == "Strike"
    assert any("AP Images" in credit for credit in result["credits"])
    assert "2020-01-02" in {d["value"] for d in result["dates"]}


def test_an_article_must_come_as_text_or_html(client: httpx.Client) -> None:
    for body in ({}, {"text": "a", "html": "<p>a</p>"}):
        response = client.post("/article", json=body)
        assert response.status_code == 422
        assert "exactly one" in response.text
