"""The world outline the map draws on (`sword.report.world`)."""

from __future__ import annotations

import itertools

from sword.report.world import build_topology


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def test_report_world_rings_wound_for_the_sphere():
    # GeoJSON's own winding (exterior anticlockwise, hole clockwise) …
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]
    topology = build_topology({"AAA": [{"type": "Polygon", "coordinates": [square, hole]}],
                               "BBB": [{"type": "MultiPolygon",
                                        "coordinates": [[square], [square]]}]})
    # … becomes d3-geo's: exterior clockwise, hole anticlockwise (else the rest of the
    # globe would be filled as land)
    countries = topology["objects"]["countries"]["geometries"]
    assert [c["id"] for c in countries] == ["AAA", "BBB"]
    [[outer], [inner]] = countries[0]["arcs"][0]
    assert _area(topology["arcs"][outer]) < 0 < _area(topology["arcs"][inner])
    assert len(countries[1]["arcs"]) == 2
    land = topology["objects"]["land"]["geometries"][0]["arcs"]
    assert len(land) == 3  # every polygon of every country


def test_report_world_outline_from_the_package_data():
    from sword.report.world import world_topology_json

    text = world_topology_json()
    assert '"Topology"' in text and 50_000 < len(text) < 1_000_000
