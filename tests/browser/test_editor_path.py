"""The editor's main path through the admin, in a real browser, ending on the public site."""

import pytest
from playwright.sync_api import expect

from .conftest import ADMIN_PASSWORD, WIDTHS, axe_violations, screenshot

pytestmark = pytest.mark.browser

# The quote is a passage of the imported document; the claim restates it in the editor's words.
DOCUMENT = """Title: Freight over the Tumen bridge ({width} px)
URL: https://example.org/freight-tumen-{width}
Publisher: Example Transport Review
Author: A. Analyst
Published: 2024-06
Language: en
---
Rail traffic across the Tumen River bridge has grown since 2023.
Officials in Khasan said that {width} {unit} crossed the bridge in the first half of 2024,
most of them carrying coal and fertiliser. The port of Rajin handles the rest of the cargo.
"""
QUOTE = "{width} {unit} crossed the bridge in the first half of 2024"
STATEMENT = "About {width} {unit} crossed the Tumen bridge in early 2024."
# Each run counts a different thing: the same sentence with two different figures of one
# thing is what the disagreement detector flags, and the claim could not then be verified.
UNITS = {375: "freight wagons", 1280: "goods containers"}


def choose_in_autocomplete(page, select_id, typed, option_text):
    """Pick an option in one of the admin's select2 autocomplete widgets, as an editor does."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option_text).first.click()
    expect(page.locator(f"#{select_id} + .select2 .select2-selection__rendered")).to_contain_text(
        option_text
    )


def log_in(page, base_url):
    page.goto(f"{base_url}/admin/")
    expect(page).to_have_url(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def import_source(page, base_url, document_path, title):
    page.goto(f"{base_url}/admin/sources/source/")
    page.get_by_role("link", name="Import from files").click()
    page.set_input_files("#id_files", str(document_path))
    page.get_by_role("button", name="Import").click()
    results = page.locator("#content-main table")
    expect(results).to_contain_text(document_path.name)
    expect(results).to_contain_text("created")
    expect(results).to_contain_text(title)


def add_claim(page, base_url, *, statement, source_title, quote):
    page.goto(f"{base_url}/admin/briefings/claim/add/")
    page.fill("#id_statement", statement)
    page.select_option("#id_status", "verified")
    page.fill("#id_tags", "railways")
    choose_in_autocomplete(page, "id_citations-0-source", "Tumen", source_title)
    page.fill("#id_citations-0-quote", quote)
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    # The quote was found in the source: the citation shows it verified, in its context.
    anchor = page.locator("#citations-0 .field-anchor")
    expect(anchor).to_contain_text("verified")
    expect(anchor.locator("mark")).to_have_text(quote)


def compose_briefing(page, base_url, *, title, claim_text):
    page.goto(f"{base_url}/admin/briefings/briefing/add/")
    page.fill("#id_title", title)
    page.fill("#id_tags", "railways")
    page.fill("#id_standfirst", "What crossed the Tumen bridge this year.")
    page.fill("#id_introduction", "Freight by rail, **counted** by the wagon.")
    # Sections and their ordered claims are composed on the briefing's own page.
    page.get_by_text("Add another Section").click()
    page.fill("#id_sections-0-position", "0")
    page.fill("#id_sections-0-heading", "Wagons")
    page.get_by_text("Add another Claim").first.click()
    choose_in_autocomplete(page, "id_sections-0-entries-0-claim", "Tumen", claim_text)
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    slug = page.input_value("#id_slug")
    assert slug, "the slug was filled in from the title"
    # The claim row now says how well the claim is supported.
    expect(page.locator(".field-evidence").first).to_contain_text("independent source")
    return slug


def publish(page, base_url, title):
    page.goto(f"{base_url}/admin/briefings/briefing/")
    page.locator("#result_list tr", has_text=title).locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.get_by_role("button", name="Run").or_(page.get_by_role("button", name="Go")).click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 briefing published")


@pytest.mark.parametrize("width", WIDTHS)
def test_editor_imports_cites_composes_and_publishes_to_the_public_site(
    site, open_page, tmp_path, width
):
    base_url = site.base_url
    title = f"Freight over the Tumen bridge ({width} px)"
    briefing_title = f"Tumen freight, first half of 2024 ({width} px)"
    statement = STATEMENT.format(width=width, unit=UNITS[width])
    quote = QUOTE.format(width=width, unit=UNITS[width])
    document = tmp_path / f"freight-tumen-{width}.txt"
    document.write_text(DOCUMENT.format(width=width, unit=UNITS[width]), encoding="utf-8")

    editor = open_page(width)
    page = editor.page
    log_in(page, base_url)
    screenshot(page, f"editor-{width}-1-logged-in")
    import_source(page, base_url, document, title)
    screenshot(page, f"editor-{width}-2-imported")
    add_claim(page, base_url, statement=statement, source_title=title, quote=quote)
    screenshot(page, f"editor-{width}-3-claim-cited")
    slug = compose_briefing(page, base_url, title=briefing_title, claim_text=statement)
    screenshot(page, f"editor-{width}-4-section-composed")
    publish(page, base_url, briefing_title)
    screenshot(page, f"editor-{width}-5-published")
    editor.assert_clean()

    reader = open_page(width)  # a separate context: an anonymous reader
    response = reader.page.goto(f"{base_url}/briefings/{slug}/")
    assert response.status == 200
    expect(reader.page.locator("h1")).to_contain_text(briefing_title)
    expect(reader.page.locator("main")).to_contain_text(statement)
    expect(reader.page.locator("main")).to_contain_text(quote)
    expect(reader.page.locator("main")).to_contain_text(title)
    assert axe_violations(reader.page) == []
    reader.assert_clean()
    screenshot(reader.page, f"editor-{width}-6-public-briefing")
