"""Passages from a page's markdown: heading paths, list items, and the page's own words."""

from muni.crawl.chunk import chunk, plain


def test_markdown_escapes_are_removed_from_passages_and_headings() -> None:
    markdown = "# Genbrugspladsen\n\n1\\. april til 30\\. september: åben 7-19\n\n"
    markdown += "## Priser \\(2026\\)\n"
    markdown += "\nStørre læs \\*skal\\* bestilles.\n"
    passages = chunk(markdown, "Genbrugspladsen")
    assert passages[0].text == "1. april til 30. september: åben 7-19"
    assert passages[1].heading_path == ("Genbrugspladsen", "Priser (2026)")
    assert passages[1].text == "Større læs *skal* bestilles."
    assert all("\\" not in p.text for p in passages)


def test_a_backslash_that_escapes_nothing_stays() -> None:
    assert plain("C:\\temp og **fed** tekst") == "C:\\temp og fed tekst"


def test_list_items_become_sentences_under_their_heading() -> None:
    passages = chunk("# Pas\n\n## Pris\n\n- Voksne: 695 kr\n- Børn: 150 kr\n", "Pas")
    assert passages == [
        passages[0].__class__(("Pas", "Pris"), "Voksne: 695 kr. Børn: 150 kr.")
    ]
