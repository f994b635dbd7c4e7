"""The report's map section: events as points at their places, filtered in the page by
country pair and months (`map.js`, shared with the dashboard's #/map view).

The page stays one file that opens with no network: the rows (`sword.analysis.places`),
the world's outline (`sword.report.world`) and the script are embedded, and plotly is
handed the outline before it draws, so it fetches nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sword.report.world import world_topology_json

MAP_JS = Path(__file__).parent / "map.js"


def _embedded(text: str) -> str:
    """JSON safe inside a <script> element: no `</script>`, no `<!--`."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def map_section(rows: list[dict[str, Any]]) -> str:
    """The section's HTML: the map's container, its data and its script."""
    if not rows:
        return ('<p class="muted">No event in the store has a place: events get one when '
                "their sentence or article names a city, a region or a country.</p>")
    data = _embedded(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
    start = (
        'SwordMap.useWorld(JSON.parse(document.getElementById("map-world").textContent));'
        'SwordMap.mount(document.getElementById("map-root"),'
        ' JSON.parse(document.getElementById("map-rows").textContent));'
    )
    return (
        '<p class="muted">Where the events happened, as their sentences or articles name '
        "it. Choose a pair of states and a span of months.</p>"
        "<style>.map-controls label{margin-right:1.2em}.map-caption{font-size:.9em}</style>"
        '<div id="map-root" class="map"></div>'
        f'<script type="application/json" id="map-rows">{data}</script>'
        f'<script type="application/json" id="map-world">{_embedded(world_topology_json())}'
        "</script>"
        f'<script charset="utf-8">{MAP_JS.read_text(encoding="utf-8")}\n{start}</script>'
    )
