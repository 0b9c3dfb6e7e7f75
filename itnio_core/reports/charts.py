"""Excel charts on the report's summary sheet, drawn from the tables written there."""

from __future__ import annotations

from typing import Any

from .statuses import COLOURS, word

SHEET_COLUMN = 9  # charts sit to the right of the tables (column J)
TOP_COUNTRIES = 10


def add_charts(
    wb: Any,
    ws: Any,
    keys: list[str],
    status_rows: tuple[int, int],
    country_rows: tuple[int, int] | None,
    time_rows: tuple[int, int] | None,
    lang: str,
) -> None:
    """A pie of the statuses, the top countries by status, and the statuses over time."""
    zh = lang == "zh"
    name = ws.get_name()
    pie = wb.add_chart({"type": "pie"})
    first, last = status_rows
    pie.add_series(
        {
            "name": "按状态" if zh else "Messages by status",
            "categories": [name, first, 0, last, 0],
            "values": [name, first, 1, last, 1],
            "points": [{"fill": {"color": COLOURS[k]}} for k in keys],
            "data_labels": {"percentage": True},
        }
    )
    pie.set_title({"name": "按状态" if zh else "Messages by status"})
    ws.insert_chart(1, SHEET_COLUMN, pie, {"x_scale": 1.1, "y_scale": 1.0})
    row = 17
    if country_rows is not None:
        bars = wb.add_chart({"type": "bar", "subtype": "stacked"})
        first, last = country_rows
        last = min(last, first + TOP_COUNTRIES - 1)
        for col, key in enumerate(keys, start=1):
            bars.add_series(
                {
                    "name": word(key, lang),
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, col, last, col],
                    "fill": {"color": COLOURS[key]},
                }
            )
        bars.set_title({"name": "按国家/地区" if zh else "By country"})
        bars.set_y_axis({"reverse": True})
        ws.insert_chart(row, SHEET_COLUMN, bars, {"x_scale": 1.1, "y_scale": 1.0})
        row += 16
    if time_rows is not None and time_rows[1] > time_rows[0]:
        lines = wb.add_chart({"type": "line"})
        first, last = time_rows
        for col, key in enumerate(keys, start=1):
            lines.add_series(
                {
                    "name": word(key, lang),
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, col, last, col],
                    "line": {"color": COLOURS[key], "width": 2.25},
                }
            )
        lines.set_title({"name": "随时间变化" if zh else "Over time"})
        lines.set_x_axis({"date_axis": True, "num_format": "hh:mm:ss"})
        ws.insert_chart(row, SHEET_COLUMN, lines, {"x_scale": 1.1, "y_scale": 1.0})
