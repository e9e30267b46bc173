from survey.formats import myst


def test_text_escapes_every_markup_character():
    assert myst.text("a|b *c* {cite}`x` <b> $m$") == r"a\|b \*c\* \{cite\}\`x\` \<b\> \$m\$"
    assert myst.text("line\none\u202eevil") == "line oneevil"


def test_links_only_for_http_and_with_unsafe_characters_encoded():
    assert myst.link("code", "https://github.com/a/b") == "[code](<https://github.com/a/b>)"
    assert myst.link("x", "https://e.com/a b>c") == "[x](<https://e.com/a%20b%3Ec>)"
    assert myst.link("x", "javascript:alert(1)") == "x"


def test_table_layout_with_latex_column_widths():
    assert myst.table(["A", "B"], [["1", ""]], [30, 70]).splitlines() == [
        r"```{tabularcolumns} \X{30}{100}\X{70}{100}", "```", "",
        "```{table}", ":class: longtable", ":widths: 30 70", "| A | B |", "|---|---|", "| 1 |   |", "```"]
