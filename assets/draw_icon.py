"""Draws assets/icon.png, the browser tab's icon: a blue text bubble with three dots.

The icon is a file in the repository, served by the app itself, so no page asks an outside
server for it (a ``:material/...`` page icon is fetched from Google's font servers). To change
it, edit this and run ``.venv/bin/python assets/draw_icon.py``; Pillow comes with Streamlit.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 128  # pixels; browsers scale it down to 16 or 32 (64 on high-density screens)
SCALE = 4  # drawn this many times larger, then reduced, for smooth edges
BLUE = (29, 78, 216, 255)  # the theme's primaryColor, #1d4ed8 (.streamlit/config.toml)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).with_name("icon.png")


def draw() -> Image.Image:
    u = SIZE * SCALE / 128  # one unit of the 128 x 128 design
    img = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(img)
    pen.rounded_rectangle((8 * u, 12 * u, 120 * u, 94 * u), radius=24 * u, fill=BLUE)
    pen.polygon([(26 * u, 84 * u), (56 * u, 90 * u), (18 * u, 118 * u)], fill=BLUE)  # the tail
    for x in (38, 64, 90):
        pen.ellipse(((x - 9) * u, 44 * u, (x + 9) * u, 62 * u), fill=WHITE)
    return img.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT}")
