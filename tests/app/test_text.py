"""Text from a file or a person is shown as text: no link, no markup, no broken code span."""

from __future__ import annotations

import pytest

from views._ui.text import code, plain


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("[n](javascript:alert(1))", r"\[n\](javascript\:alert(1))"),  # no link
        ("![x](http://example.com/a.png)", r"!\[x\](http://example.com/a.png)"),  # no image
        ("Spring sale", "Spring sale"),
        ("Campaign #1 list.xlsx", "Campaign #1 list.xlsx"),  # nothing to escape
        ("# Big", r"\# Big"),
        ("1. first", r"1\. first"),
        ("*bold* _it_ ~~gone~~", r"\*bold\* \_it\_ \~\~gone\~\~"),
        (":red[alarm] :material/home:", r"\:red\[alarm\] \:material/home:"),
        ("$x^2$ <b>", r"\$x^2\$ \<b\>"),
        ("two\nlines", "two lines"),
    ],
)
def test_plain_escapes_what_markdown_would_read(given: str, shown: str) -> None:
    assert plain(given) == shown


def test_a_column_header_with_backticks_stays_inside_its_code_span() -> None:
    assert code("{Name}") == "`{Name}`"
    assert code("{a`b}") == "`` {a`b} ``"
    assert code("{``}") == "``` {``} ```"
