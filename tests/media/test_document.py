"""Captions and credits apart from the body, for text and HTML articles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.media.document import split_credits, text_document
from watchkeeper.media.html import html_document

TEXT = """Masked man hitting a poster (© AP Images)
A protester hits an image during a demonstration. (© Office of the Supreme Leader/AP Images)

The general was killed on January 2.
Photo: Jane Doe/Reuters

He led the force for decades."""


def test_credit_lines_become_captions_and_credits() -> None:
    doc = text_document(TEXT)
    assert doc.captions == (
        "Masked man hitting a poster",
        "A protester hits an image during a demonstration.",
    )
    assert doc.credits == (
        "AP Images",
        "Office of the Supreme Leader/AP Images",
        "Jane Doe/Reuters",
    )
    assert doc.body == "The general was killed on January 2.\n\nHe led the force for decades."


PAGE = """<!doctype html><html><head><title>Site | The story</title>
<meta property="og:title" content="The story">
<meta property="article:published_time" content="2020-01-04T09:00:00Z"></head>
<body><nav><p>Home News Sport</p></nav>
<article><h1>The story</h1>
<figure><img src="a.jpg"><figcaption>A man at a rally. <span class="credit">© AP Images</span>
</figcaption></figure>
<p>The general was killed on January 2.</p><script>var x = 1;</script>
<p>He led the force for decades.</p></article>
<footer><p>Copyright the site</p></footer></body></html>"""


def test_html_keeps_title_date_body_and_captions_apart() -> None:
    doc = html_document(PAGE, "http://example.test/a")
    assert doc.title == "The story" and doc.published == "2020-01-04"
    assert doc.body == "The general was killed on January 2.\n\nHe led the force for decades."
    assert doc.captions == ("A man at a rally.",)
    assert doc.credits == ("AP Images",)


def test_html_date_from_a_time_element() -> None:
    page = (
        "<html><body><article><time datetime='2019-12-31'>Dec 31</time>"
        "<p>Text.</p></article></body></html>"
    )
    assert html_document(page).published == "2019-12-31"


@given(st.text(max_size=300))
def test_splitting_credits_never_loses_body_text_without_a_credit(text: str) -> None:
    rest, credits = split_credits(text)
    if not credits:
        assert rest == text.strip()


def test_html_photo_lines_outside_figures_are_credits() -> None:
    page = (
        "<html><body><article><p>The general was killed.</p>"
        "<p>Photo: Jane Doe/Reuters</p><p>He led the force.</p></article></body></html>"
    )
    doc = html_document(page)
    assert doc.body == "The general was killed.\n\nHe led the force."
    assert doc.credits == ("Jane Doe/Reuters",)
