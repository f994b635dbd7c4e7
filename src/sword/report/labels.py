"""Labels of a network drawing that never overlap one another or a node.

Nodes are placed by a layout that knows nothing of text, and busy states end up side by
side (Armenia under Russia). Each label is put, busiest node first, at the first free
spot of a search that starts right above its node and walks round it in widening rings;
a label that had to move away from its node gets a thin leader line back to it. Sizes
are in pixels of the drawing, so the placement holds at the size it was computed for
(the dashboard's JavaScript does the same, in `app.js`, at the plot's real size).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CHAR_WIDTH = 8.0  # px of an upper-case letter at 12 px (a little wide, to be safe)
LABEL_HEIGHT = 15.0
LABEL_PAD = 4.0
RING_STEP = 9.0
MAX_RINGS = 40
# Directions tried on each ring, nearest to "above" first (degrees, counter-clockwise).
ANGLES: tuple[int, ...] = (90, 270, 0, 180, 45, 135, 315, 225, 60, 120, 300, 240, 30, 150,
                           330, 210)


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        return not (self.right <= other.left or other.right <= self.left
                    or self.top <= other.bottom or other.top <= self.bottom)

    def inside(self, bounds: Box) -> bool:
        return (self.left >= bounds.left and self.right <= bounds.right
                and self.bottom >= bounds.bottom and self.top <= bounds.top)


@dataclass(frozen=True, slots=True)
class LabelSpot:
    """Where a node's label goes: its centre's offset from the node in px (y up) and
    whether it needs a leader line."""

    dx: float
    dy: float
    leader: bool


def label_width(text: str) -> float:
    return CHAR_WIDTH * len(text) + 2 * LABEL_PAD


def place_labels(
    nodes: list[tuple[str, float, float, float]], bounds: Box
) -> dict[str, LabelSpot]:
    """Spots for labels of nodes (text, x px, y px, marker radius px), in the given order
    (put the busiest first): no label overlaps another label or any marker."""
    markers = [Box(x - r, y - r, x + r, y + r) for _, x, y, r in nodes]
    placed: list[Box] = []
    spots: dict[str, LabelSpot] = {}
    for text, x, y, radius in nodes:
        width, height = label_width(text), LABEL_HEIGHT
        spot = None
        for ring in range(MAX_RINGS):
            for angle in ANGLES if ring else ANGLES[:4]:
                box = _box_at(x, y, radius + 2 + ring * RING_STEP, angle, width, height)
                if box.inside(bounds) and not any(box.overlaps(b) for b in placed + markers):
                    spot = (box, ring > 0)
                    break
            if spot:
                break
        if spot is None:  # no room anywhere: above the node, the best that can be done
            spot = (_box_at(x, y, radius + 2, 90, width, height), False)
        box, leader = spot
        placed.append(box)
        spots[text] = LabelSpot((box.left + box.right) / 2 - x, (box.bottom + box.top) / 2 - y,
                                leader)
    return spots


def _box_at(x: float, y: float, gap: float, angle: int, width: float, height: float) -> Box:
    """The label box whose nearest edge is `gap` px from the node in direction `angle`."""
    ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    # distance from a box's centre to its edge along (ux, uy)
    reach = min(width / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf,
                height / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf)
    cx, cy = x + ux * (gap + reach), y + uy * (gap + reach)
    return Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
