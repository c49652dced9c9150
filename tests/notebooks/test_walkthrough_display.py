"""Tables and responses as notebooks show them: readable, escaped, sanitized."""

import httpx
import pytest

from fincore.lab.clients import ApiResponse
from fincore.walkthrough import Table, render, show
from fincore.walkthrough.display import FullWidthSVG


def test_a_table_renders_escaped_html_with_a_caption():
    table = Table(["card", "message"], [("VISA_PAN", "<b>ok</b> & done")], caption="Outcomes")
    html = table._repr_html_()
    assert html.startswith("<table><caption>Outcomes</caption><thead><tr><th")
    assert ">card</th>" in html
    assert ">&lt;b&gt;ok&lt;/b&gt; &amp; done</td>" in html


def test_a_table_prints_as_markdown_with_words_for_none_and_booleans():
    table = Table(["a", "b", "c"], [(None, True, False), ("x|y", 1, 2.5)])
    assert repr(table).splitlines() == [
        "| a | b | c |",
        "| :--- | :--- | :--- |",
        "| — | ✓ | ✗ |",
        "| x\\|y | 1 | 2.5 |",
    ]


def test_table_cells_are_sanitized():
    table = Table(["id"], [("pay_" + "0" * 32,)])
    assert table.column("id") == ["pay_<id>"]


def test_a_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="does not have 2 cells"):
        Table(["a", "b"], [(1,)])


def test_a_response_shows_its_status_line_replay_header_and_sanitized_body(capsys):
    headers = httpx.Headers({"Idempotent-Replayed": "true", "Server": "uvicorn"})
    response = ApiResponse(402, {"error": {"payment": "pay_" + "f" * 32}}, headers)
    show(response)
    printed = capsys.readouterr().out
    assert printed.splitlines()[:2] == ["HTTP 402 Payment Required", "Idempotent-Replayed: true"]
    assert '"payment": "pay_<id>"' in printed
    assert "uvicorn" not in printed


def test_plain_values_and_json_are_rendered_sanitized():
    assert render({"created": 1795678287}) == '{\n  "created": <unix time>\n}'
    assert render("took 0.57 s") == "took <duration>"


def test_a_diagram_is_shown_at_the_page_width_with_its_own_aspect_ratio(tmp_path):
    drawn = tmp_path / "view.svg"
    drawn.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="2209pt" height="2119pt" '
        'viewBox="0 0 2208.6 2118.6" xmlns="http://www.w3.org/2000/svg"><g id="a"/></svg>\n',
        encoding="utf-8",
    )
    shown = FullWidthSVG(drawn)
    svg = shown._repr_svg_()
    assert svg.startswith('<svg width="100%" style="max-width: 100%; height: auto"')
    assert "2209pt" not in svg and "2119pt" not in svg and "DOCTYPE" not in svg
    assert 'viewBox="0 0 2208.6 2118.6"' in svg and svg.endswith('<g id="a"/></svg>\n')
    # The plain-text form is stable, so nbval can compare it.
    assert repr(shown) == "view.svg (SVG, at the page's width)"


def test_a_file_that_is_not_a_scalable_svg_is_refused(tmp_path):
    drawn = tmp_path / "fixed.svg"
    drawn.write_text('<svg width="10" height="10"></svg>', encoding="utf-8")
    with pytest.raises(ValueError, match="viewBox"):
        FullWidthSVG(drawn)
