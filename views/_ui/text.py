"""Text from a file or a person, shown as text inside markdown.

``st.markdown``, ``st.title`` and friends read markdown (and Streamlit's own ``:red[...]``
and ``$...$``): a campaign named ``[n](javascript:…)`` would become a link, a column header
with a backtick would break out of its code span. Pass such text through ``plain`` (or
``code`` for a code span) before putting it in markdown.
"""

from __future__ import annotations

import re

# Characters that start markup anywhere: emphasis, code, links and images, HTML, tables,
# strikethrough, LaTeX, and Streamlit's ``:red[...]`` / ``:material/...:`` (a colon before a
# letter). Those that only count at the start of a line (# - + > 1.) are handled there.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&]|:(?=[A-Za-z]))")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
_TICKS = re.compile(r"`+")


def plain(text: object) -> str:
    """``text`` with every markdown (and Streamlit markup) character escaped."""
    flat = " ".join(str(text).splitlines())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _LINE_START.sub(_escape_start, escaped)


def _escape_start(found: re.Match[str]) -> str:
    mark = found.group(2)
    if mark[0].isdigit():  # "1." is a list only with its dot: escape the dot
        return found.group(1) + mark[:-1] + "\\" + mark[-1]
    return found.group(1) + "\\" + mark


def code(text: object) -> str:
    """``text`` as one inline code span, whatever backticks it holds."""
    flat = " ".join(str(text).splitlines())
    longest = max((len(m) for m in _TICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or longest else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
