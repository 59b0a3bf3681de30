"""``POST /article``: screen a news article for the listed parties it names.

The article screener reuses the server's list index and builds its gazetteer once, on the
first article; the work runs on the screening thread like every other screening. Articles
are sent as text or HTML: the server fetches nothing on a client's behalf.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Body, HTTPException, Response
from pydantic import BaseModel, Field, model_validator

from watchkeeper.api.context import Authorize
from watchkeeper.api.lists import LoadedLists
from watchkeeper.api.routes_screening import ERRORS
from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.gazetteer import Gazetteer
from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.media.risk_interface import default_risk_model

router = APIRouter()


class ArticleRequest(BaseModel):
    """An article as plain text or as an HTML page (exactly one of them)."""

    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article as an HTML page.")
    url: str | None = Field(None, description="Where the page came from (reported, not fetched).")
    published: str | None = Field(
        None, description="Publication date (YYYY-MM-DD) that relative dates resolve against."
    )

    @model_validator(mode="after")
    def one_body(self) -> ArticleRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("send the article as exactly one of `text` or `html`")
        return self


# One article screener per loaded index (the index object is kept, so its id is not reused).
_SCREENERS: dict[int, tuple[LoadedLists, ArticleScreener]] = {}


def article_screener(loaded: LoadedLists) -> ArticleScreener:
    found = _SCREENERS.get(id(loaded))
    if found is None:
        screener = ArticleScreener(
            loaded.screener,
            Gazetteer.build(loaded.entities.values()),
            risk_model=default_risk_model(),
        )
        _SCREENERS.clear()
        found = _SCREENERS[id(loaded)] = (loaded, screener)
    return found[1]


@router.post(
    "/article",
    responses=ERRORS,
    tags=["Adverse media"],
    summary="Screen a news article",
)
async def article(body: Annotated[ArticleRequest, Body()], authorized: Authorize) -> Response:
    """The parties the article names (linked to list entries, with risks and evidence), the
    statements it attributes, and its dates resolved against the publication date; the
    schema is described in docs/media.md."""
    loaded = authorized.lists

    def screen_article() -> Response:
        screener = article_screener(loaded)
        try:
            if body.html is not None:
                result = screener.analyse_html(body.html, url=body.url, published=body.published)
            else:
                assert body.text is not None
                result = screener.analyse_text(
                    body.text, published=body.published, source=body.url or "text"
                )
        except WatchkeeperError as exc:
            raise HTTPException(422, str(exc)) from None
        return Response(msgspec.json.encode(result), media_type="application/json")

    return await authorized.context.run(screen_article)
