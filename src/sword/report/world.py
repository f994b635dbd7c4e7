"""The world's outline for the map, as the TopoJSON plotly's geo charts draw on.

Plotly's JavaScript fetches its outline files from a CDN unless it is given them; Sword
builds the file it needs from the country outlines the `countryinfo` package ships (Natural
Earth at about 1:110m) and serves it itself (`/static/map/world_110m.json`) or puts it in the
report. Only the layers Sword's map shows are built: `land` and `countries`. The arcs are
not shared between neighbours (each ring is its own arc): a larger file than a true
topology, and no code to find shared borders.
"""

from __future__ import annotations

import functools
import itertools
import json
from typing import Any

TOPOJSON_NAME = "world_110m"  # the name plotly asks for (scope "world", resolution 110)
_DIGITS = 2  # about a kilometre: finer than a 1:110m outline


def _ring(points: list[list[float]], exterior: bool) -> list[list[float]]:
    """A closed ring rounded, wound as d3-geo wants it on the sphere (exterior clockwise,
    holes anticlockwise); a wrongly wound exterior would fill the rest of the globe."""
    ring = [[round(float(x), _DIGITS), round(float(y), _DIGITS)] for x, y, *_ in points]
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    clockwise = area < 0
    return ring if clockwise == exterior else ring[::-1]


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def build_topology(outlines: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A TopoJSON topology with `countries` (one geometry per ISO alpha-3 code) and `land`
    (all of them) from GeoJSON geometries by country."""
    arcs: list[list[list[float]]] = []
    countries: list[dict[str, Any]] = []
    land: list[list[list[int]]] = []
    for code in sorted(outlines):
        polygons = []
        for geometry in outlines[code]:
            for polygon in _polygons(geometry):
                rings = []
                for index, ring in enumerate(polygon):
                    if len(ring) >= 4:
                        arcs.append(_ring(ring, exterior=index == 0))
                        rings.append([len(arcs) - 1])
                if rings:
                    polygons.append(rings)
        if polygons:
            countries.append({"type": "MultiPolygon", "id": code, "arcs": polygons})
            land.extend(polygons)
    return {
        "type": "Topology",
        "objects": {
            "countries": {"type": "GeometryCollection", "geometries": countries},
            "land": {"type": "GeometryCollection",
                     "geometries": [{"type": "MultiPolygon", "arcs": land}]},
        },
        "arcs": arcs,
    }


def country_outlines() -> dict[str, list[dict[str, Any]]]:
    """Each country's outline geometries from `countryinfo`, by ISO alpha-3 code."""
    from countryinfo import CountryInfo

    out: dict[str, list[dict[str, Any]]] = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha3")
        features = (info.get("geoJSON") or {}).get("features") or []
        if code:
            out.setdefault(code, []).extend(
                f["geometry"] for f in features if f.get("geometry"))
    return out


@functools.lru_cache(maxsize=1)
def world_topology_json() -> str:
    """The world's TopoJSON as text, built once per process."""
    return json.dumps(build_topology(country_outlines()), separators=(",", ":"))
