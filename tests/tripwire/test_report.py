"""The report: a verdict, what was scanned, and one row per finding with the last four digits."""

from fincore.tripwire import Finding, TripwireReport, build_report, stack_folders


def test_an_empty_report_is_ok_and_says_what_was_scanned(tmp_path):
    for name in ("payments", "merchant"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "requests.log").write_text('{"status": 201}\n')
    (tmp_path / "psp").mkdir()
    report = build_report(folders=stack_folders(tmp_path))
    assert report.ok
    assert report.to_markdown() == (
        "**PAN tripwire: no card number found (merchant wrote 1 file; payments wrote 1 file).**\n"
    )
    assert "<table>" not in report.to_html()


def test_findings_are_rows_of_component_place_encoding_and_last_four():
    report = TripwireReport(
        (
            Finding("POST /api/checkout (body)", "4242", "plain", "merchant"),
            Finding("GET /x|y (query string)", "0005", "url-encoding > base64", "cdn"),
        ),
        ("merchant received 3 requests",),
    )
    assert not report.ok
    assert report.to_markdown().splitlines() == [
        "**PAN tripwire: 2 card numbers found (merchant received 3 requests).**",
        "",
        "| Component | Where | Encoding | Card |",
        "| --- | --- | --- | --- |",
        "| merchant | POST /api/checkout (body) | plain | •••• 4242 |",
        "| cdn | GET /x\\|y (query string) | url-encoding > base64 | •••• 0005 |",
    ]
    assert report._repr_markdown_() == report.to_markdown() == str(report)


def test_the_html_table_escapes_what_requests_carried():
    finding = Finding("GET /<script>alert(1)</script> (path)", "1111", "plain", "merchant")
    html = TripwireReport((finding,), ()).to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<tr>") == 2
    assert "nothing scanned" in html
