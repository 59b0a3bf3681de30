"""``POST /match/{dataset}`` over a real server: yente's shapes, filters and errors."""

from __future__ import annotations

import httpx

from tests.api.conftest import person


def match(
    client: httpx.Client, queries: dict[str, object], dataset: str = "default", **params: object
) -> httpx.Response:
    return client.post(f"/match/{dataset}", json={"queries": queries}, params=params)


def ids(response: httpx.Response, key: str = "q1") -> list[str]:
    return [r["id"] for r in response.json()["responses"][key]["results"]]


def test_a_yente_request_gets_a_yente_response_with_scores_and_reasons(
    client: httpx.Client,
) -> None:
    query = person("Qasem Soleimani", birthDate=["1957-03-11"], nationality=["ir"])
    response = match(client, {"q1": query, "other": person("Mikhail Potepkin")}, limit=3)
    assert response.status_code == 200
    data = response.json()
    assert data["limit"] == 3 and set(data["responses"]) == {"q1", "other"}
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200
    assert q1["query"]["schema"] == "Person"
    assert q1["query"]["properties"]["birthDate"] == ["1957-03-11"]
    assert q1["total"]["relation"] == "eq" and q1["total"]["value"] >= 2
    top = q1["results"][0]
    assert top["id"] == "ofac-sdn-10481" and top["match"] is True
    assert top["schema"] == "Person" and top["datasets"] == ["ofac-sdn"]
    assert top["caption"] == "SOLEIMANI, Qasem"
    assert top["properties"]["birthDate"] == ["1957-03-11"]
    assert top["properties"]["nationality"] == ["ir"]
    assert "SDGT" in top["properties"]["programId"]
    assert top["features"]["name"] == 1.0 and top["features"]["birth_date"] > 0
    assert "same date of birth" in top["explanations"]["birth_date"]["detail"]
    assert top["explanations"]["name"]["candidate"] == "SOLEIMANI, Qasem"
    assert "un-IRi.039" in ids(response)
    assert [r["score"] for r in q1["results"]] == sorted(
        (r["score"] for r in q1["results"]), reverse=True
    )
    assert ids(response, "other")[0] == "uk-ofsi-16026"


def test_every_name_of_a_query_is_screened_and_each_entity_reported_once(
    client: httpx.Client,
) -> None:
    only_alias = person("Totally Unrelated Person", alias=["Ghasem Soleymani"])
    response = match(client, {"q1": only_alias}, limit=20)
    found = ids(response)
    assert "un-IRi.040" in found and "ofac-sdn-10481" in found
    assert len(found) == len(set(found))
    by_id = {r["id"]: r for r in response.json()["responses"]["q1"]["results"]}
    assert by_id["un-IRi.040"]["explanations"]["name"]["query"] == "Ghasem Soleymani"


def test_first_and_last_name_properties_make_a_name(client: httpx.Client) -> None:
    query = {"schema": "Person", "properties": {"firstName": ["Qasem"], "lastName": ["Soleimani"]}}
    assert "ofac-sdn-10481" in ids(match(client, {"q1": query}))


def test_the_dataset_path_and_filters_choose_the_lists(client: httpx.Client) -> None:
    query = {"q1": person("Qasem Soleimani")}
    un_only = match(client, query, dataset="un-sc", limit=20)
    assert un_only.status_code == 200
    assert {r["datasets"][0] for r in un_only.json()["responses"]["q1"]["results"]} == {"un-sc"}
    without_un = match(client, query, limit=20, exclude_dataset="un-sc")
    assert not any(i.startswith("un-") for i in ids(without_un))
    included = match(client, query, limit=20, include_dataset=["ofac-sdn"])
    assert ids(included) and all(i.startswith("ofac-sdn-") for i in ids(included))


def test_an_excluded_entity_makes_room_for_the_next(client: httpx.Client) -> None:
    query = {"q1": person("Qasem Soleimani")}
    first, second = ids(match(client, query, limit=2))
    after = ids(match(client, query, limit=1, exclude_entity_ids=first))
    assert after == [second]


def test_the_threshold_decides_match_but_keeps_results(client: httpx.Client) -> None:
    response = match(client, {"q1": person("Qasem Soleimani")}, threshold=0.999)
    results = response.json()["responses"]["q1"]["results"]
    assert results and not any(r["match"] for r in results)


def test_schemata_map_to_kinds(client: httpx.Client) -> None:
    vessel = {"schema": "Vessel", "properties": {"name": ["Adrian Darya 1"]}}
    assert ids(match(client, {"q1": vessel}))[0] == "ofac-sdn-27304"
    company = {"schema": "Company", "properties": {"name": ["Genbank JSC"]}}
    top = match(client, {"q1": company}).json()["responses"]["q1"]["results"][0]
    assert top["id"] == "uk-ofsi-14179" and top["schema"] == "Organization"
    excluded = match(client, {"q1": person("Qasem Soleimani")}, exclude_schema="Person")
    assert ids(excluded) == []


def test_yente_algorithm_names_run_our_engine(client: httpx.Client) -> None:
    query = {"q1": person("Qasem Soleimani")}
    expected = ids(match(client, query))
    for name in ("best", "logic-v2", "logic-v1", "watchkeeper"):
        assert ids(match(client, query, algorithm=name)) == expected
    unknown = match(client, query, algorithm="magic")
    assert unknown.status_code == 422 and "logic-v2" in unknown.json()["detail"]
    names = [a["name"] for a in client.get("/algorithms").json()["algorithms"]]
    assert {"watchkeeper", "best", "logic-v2"} <= set(names)


def test_an_unknown_dataset_is_404(client: httpx.Client) -> None:
    response = match(client, {"q1": person("Qasem Soleimani")}, dataset="ofac")
    assert response.status_code == 404
    assert "ofac-sdn" in response.json()["detail"]
    assert match(client, {"q1": person("x y")}, exclude_dataset="nope").status_code == 404


def test_queries_that_cannot_be_screened_are_422_naming_the_query(
    client: httpx.Client,
) -> None:
    cases = {
        "bad-date": person("Qasem Soleimani", birthDate=["not a date"]),
        "bad-country": person("Qasem Soleimani", nationality=["Atlantis"]),
        "no-name": {"schema": "Person", "properties": {"birthDate": ["1957"]}},
        "document": {"schema": "Document", "properties": {"name": ["x"]}},
        "punctuation": person("!!! ???"),
    }
    for key, query in cases.items():
        response = match(client, {"ok": person("Qasem Soleimani"), key: query})
        assert response.status_code == 422, key
        assert repr(key) in response.json()["detail"], key


def test_weights_or_config_are_refused_not_ignored(client: httpx.Client) -> None:
    body = {"queries": {"q1": person("Qasem Soleimani")}, "weights": {"name_literal": 0.8}}
    response = client.post("/match/default", json=body)
    assert response.status_code == 422 and "weights" in response.json()["detail"]
