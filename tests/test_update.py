"""``watchkeeper update`` from official URLs: a real HTTP server on 127.0.0.1 serves the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.httpserver import serve
from watchkeeper.config import Settings
from watchkeeper.store import Store
from watchkeeper.update import update_from_catalog, update_from_paths

UN_FIXTURE = FIXTURES / "un_xml" / "consolidated.xml"
OFAC_FIXTURE = FIXTURES / "ofac_xml" / "SDN.XML"


def configure(home: Path, urls: dict[str, tuple[str, str]]) -> Settings:
    """A config.toml pointing each list at a local URL, every other list disabled."""
    lines = []
    for list_id in ("ofac-sdn", "ofac-cons", "un-sc", "eu-fsf", "uk-ofsi", "uk-sl"):
        if list_id in urls:
            name, url = urls[list_id]
            lines += [f"[lists.{list_id}.files]", f'"{name}" = "{url}"']
        else:
            lines += [f"[lists.{list_id}]", "enabled = false"]
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("\n".join(lines) + "\n")
    return Settings.load(home)


def test_update_downloads_parses_and_activates_each_list(tmp_path: Path) -> None:
    files = {"/un.xml": UN_FIXTURE.read_bytes(), "/sdn.xml": OFAC_FIXTURE.read_bytes()}
    with serve(files) as server:
        settings = configure(
            tmp_path,
            {
                "un-sc": ("consolidated.xml", server.url("/un.xml")),
                "ofac-sdn": ("SDN.XML", server.url("/sdn.xml")),
            },
        )
        with Store.open(settings.database) as store:
            results = update_from_catalog(store, settings)
            assert {r.list_id: r.status for r in results} == {
                "ofac-sdn": "loaded",
                "un-sc": "loaded",
            }
            assert store.entity("un-IRi.039").caption == "QASEM SOLEIMANI"
            assert store.entity("ofac-sdn-10481").caption == "SOLEIMANI, Qasem"
            # The downloaded files are archived with the version they produced.
            version = store.active_version("un-sc")
            assert version is not None
            assert (settings.archive / "un-sc" / str(version.id) / "consolidated.xml").is_file()

            again = update_from_catalog(store, settings, ["un-sc"])
            assert [r.status for r in again] == ["unchanged"]


def test_a_transfer_cut_short_fails_the_list_and_keeps_the_active_version(tmp_path: Path) -> None:
    with serve({"/un.xml": UN_FIXTURE.read_bytes()}) as server:
        settings = configure(tmp_path, {"un-sc": ("consolidated.xml", server.url("/un.xml"))})
        with Store.open(settings.database) as store:
            update_from_catalog(store, settings)
            before = store.active_version("un-sc")

            settings = configure(
                tmp_path, {"un-sc": ("consolidated.xml", server.url("/short/un.xml"))}
            )
            [result] = update_from_catalog(store, settings)

            assert result.status == "failed"
            assert "/short/un.xml" in result.message
            assert store.active_version("un-sc") == before


def test_a_malformed_download_is_kept_in_rejected_and_named_in_the_error(tmp_path: Path) -> None:
    truncated = UN_FIXTURE.read_bytes()[:5000]  # a complete HTTP body, a cut XML file
    with serve({"/un.xml": truncated}) as server:
        settings = configure(tmp_path, {"un-sc": ("consolidated.xml", server.url("/un.xml"))})
        with Store.open(settings.database) as store:
            [result] = update_from_catalog(store, settings)
            assert result.status == "failed"
            assert "consolidated.xml" in result.message
            assert store.active_version("un-sc") is None
    [kept] = (settings.rejected / "un-sc").glob("*/consolidated.xml")
    assert kept.read_bytes() == truncated


def test_an_http_error_fails_only_that_list(tmp_path: Path) -> None:
    with serve({"/sdn.xml": OFAC_FIXTURE.read_bytes()}) as server:
        settings = configure(
            tmp_path,
            {
                "un-sc": ("consolidated.xml", server.url("/status/503")),
                "ofac-sdn": ("SDN.XML", server.url("/sdn.xml")),
            },
        )
        with Store.open(settings.database) as store:
            results = {r.list_id: r for r in update_from_catalog(store, settings)}
    assert results["ofac-sdn"].status == "loaded"
    assert results["un-sc"].status == "failed"
    assert "HTTP 503" in results["un-sc"].message


def test_a_file_in_no_known_format_is_refused_with_its_name(tmp_path: Path) -> None:
    odd = tmp_path / "customers.txt"
    odd.write_text("just some text\n")
    settings = Settings(home=tmp_path / "home")
    with Store.open(settings.database) as store:
        [result] = update_from_paths(store, [odd], settings)
    assert result.status == "failed"
    assert "customers.txt" in result.message and "not a list format" in result.message


@pytest.mark.shared_data
def test_every_reference_list_loads_into_an_empty_store(tmp_path: Path, shared_data: Path) -> None:
    settings = Settings(home=tmp_path)
    paths = [
        shared_data / "ofac" / "complete_set_2021-07",
        shared_data / "ofac" / "consolidated_xml_2026-01-08" / "ofac.xml",
        shared_data / "un" / "UN_consolidated.xml",
        shared_data / "eu" / "eu_journal_sanctions_consolidated",
        shared_data / "uk" / "ofsi_conlist_2025-04-10" / "UK_Sanctions_List.xlsx",
        shared_data / "uk" / "uksl_derived_2026-05",
        shared_data / "opensanctions" / "sa_wiki_peps_2024-03",
    ]
    with Store.open(settings.database) as store:
        results = update_from_paths(store, paths, settings)
        assert [r.status for r in results] == ["loaded"] * len(paths)
        counts = {v.list_id: v.entity_count for v in store.active_versions()}
        assert counts["ofac-sdn"] == 8976
        assert counts["ofac-cons"] == 442
        assert counts["un-sc"] == 1003
        assert counts["uk-ofsi"] == 4686
        assert counts["eu-oj"] == 8017
        assert store.entity("ofac-sdn-10481").caption == "SOLEIMANI, Qasem"
        assert store.entity("ofac-sdn-10465").caption == (
            "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"
        )
        assert store.entity("un-IRi.039").caption == "QASEM SOLEIMANI"
        assert store.entity("uk-ofsi-11241").kind == "organization"
        assert store.entity("uk-sl-INU0398").caption == "Qasem Soleimani"
