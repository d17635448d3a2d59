#!/usr/bin/env python3
"""Sanity checks for the offline basemap (countries-50m/10m.geojson next to this script).

- valid compact JSON FeatureCollection with the expected foreign members
- every ring closed, >= 4 positions, inside the crop box, no repeated consecutive points,
  exteriors counter-clockwise and holes clockwise (RFC 7946), no self-crossing edges
- label point inside its own country
- water stays water: points in the Caspian and the Black Sea are in no country
- known points fall in the right country

Python 3.11 standard library only. Usage: python3 geodata/basemap/check_basemap.py
Exit status 1 when a check fails.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ["countries-50m.geojson", "countries-10m.geojson"]
BOX = (10.0, 10.0, 135.0, 65.0)  # keep in step with make_basemap.py

WATER = [
    ((51.0, 41.5), "Caspian Sea (middle)"),
    ((50.5, 39.0), "Caspian Sea (south)"),
    ((34.0, 43.0), "Black Sea"),
]
LAND = [
    ((67.0, 48.0), "Kazakhstan"),
    ((45.0, 42.0), "Georgia"),
    ((48.0, 40.3), "Azerbaijan"),
    ((88.0, 43.0), "China"),
    # extra context points along the corridor
    ((51.17, 43.65), "Kazakhstan"),  # Aktau
    ((49.87, 40.41), "Azerbaijan"),  # Baku
    ((41.64, 41.64), "Georgia"),  # Batumi
    ((81.32, 43.91), "China"),  # Yining (Ili, near Khorgos)
    ((53.0, 40.0), "Turkmenistan"),  # Turkmenbashi area
    ((32.85, 39.93), "Turkey"),  # Ankara
]


def polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise ValueError(f"unexpected geometry {geom['type']}")


from make_basemap import ring_contains  # noqa: E402  (same folder; one even-odd test for both)


def poly_contains(poly, x, y):
    inside = False
    for ring in poly:
        if ring_contains(ring, x, y):
            inside = not inside
    return inside


def countries_at(features, x, y):
    return [
        f["properties"]["name"]
        for f in features
        if any(poly_contains(p, x, y) for p in polygons(f["geometry"]))
    ]


def signed_area(ring):
    return sum(
        ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)
    ) / 2


def _orient(a, b, c):
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def _on_seg(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_cross(a, b, c, d):
    """Proper crossing or collinear overlap of segments ab and cd (shared end points allowed)."""
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    if o1 == o2 == o3 == o4 == 0:
        # collinear: overlapping by more than a point?
        pts = sorted([a, b, c, d])
        shared = {tuple(a), tuple(b)} & {tuple(c), tuple(d)}
        if not (_on_seg(a, b, c) or _on_seg(a, b, d) or _on_seg(c, d, a) or _on_seg(c, d, b)):
            return False
        return not (shared and (pts[1] == pts[2]))
    return False


def self_crossings(poly, cell=0.5):
    """Count crossing pairs among all edges of a polygon (all rings), via a grid hash."""
    edges = []
    for r, ring in enumerate(poly):
        n = len(ring) - 1
        for i in range(n):
            edges.append((r, i, n, ring[i], ring[i + 1]))
    grid = defaultdict(list)
    for k, (_, _, _, a, b) in enumerate(edges):
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid[gx, gy].append(k)
    bad = set()
    for bucket in grid.values():
        for ii in range(len(bucket)):
            r1, i1, n1, a, b = edges[bucket[ii]]
            for jj in range(ii + 1, len(bucket)):
                r2, i2, n2, c, d = edges[bucket[jj]]
                if r1 == r2 and (abs(i1 - i2) == 1 or abs(i1 - i2) == n1 - 1):
                    # neighbours share a point; only a collinear fold-back matters
                    if _orient(a, b, c) == 0 and _orient(a, b, d) == 0 and segments_cross(a, b, c, d):
                        bad.add((bucket[ii], bucket[jj]))
                    continue
                if segments_cross(a, b, c, d):
                    bad.add((min(bucket[ii], bucket[jj]), max(bucket[ii], bucket[jj])))
    return len(bad)


def check_file(path):
    errors = []
    raw = open(path, encoding="utf-8").read()
    fc = json.loads(raw)
    name = os.path.basename(path)
    if fc.get("type") != "FeatureCollection":
        errors.append("not a FeatureCollection")
    for key in ("name", "attribution"):
        if not isinstance(fc.get(key), str):
            errors.append(f"missing foreign member {key!r}")
    if raw != json.dumps(fc, separators=(",", ":"), ensure_ascii=False):
        errors.append("not compact JSON")
    feats = fc["features"]
    verts = 0
    crossings = 0
    names = set()
    for f in feats:
        p = f["properties"]
        nm = p.get("name")
        if not isinstance(nm, str) or not nm:
            errors.append(f"feature without name: {p}")
        if nm in names:
            errors.append(f"duplicate name {nm}")
        names.add(nm)
        if "id" in p and not isinstance(p["id"], str):
            errors.append(f"{nm}: id is not a string")
        for ring_i, poly in enumerate(polygons(f["geometry"])):
            for k, ring in enumerate(poly):
                verts += len(ring)
                if len(ring) < 4 or ring[0] != ring[-1]:
                    errors.append(f"{nm}: ring not closed or too short")
                if any(ring[i] == ring[i + 1] for i in range(len(ring) - 1)):
                    errors.append(f"{nm}: repeated consecutive point")
                a = signed_area(ring)
                if (k == 0 and a <= 0) or (k > 0 and a >= 0):
                    errors.append(f"{nm}: ring {k} has wrong winding (area {a})")
                for x, y in ring:
                    if not (BOX[0] <= x <= BOX[2] and BOX[1] <= y <= BOX[3]):
                        errors.append(f"{nm}: point {x},{y} outside the crop box")
                        break
            c = self_crossings(poly)
            if c:
                crossings += c
                print(f"  note: {nm}: {c} crossing edge pair(s) in one polygon part")
        lx, ly = p.get("label_lon"), p.get("label_lat")
        if not isinstance(lx, (int, float)) or not isinstance(ly, (int, float)):
            errors.append(f"{nm}: no label point")
        elif countries_at([f], lx, ly) != [nm]:
            errors.append(f"{nm}: label point {lx},{ly} is not inside the country")
    for (x, y), what in WATER:
        hit = countries_at(feats, x, y)
        status = "ok" if not hit else f"FAIL: inside {hit}"
        print(f"  water {what} ({x}E {y}N): {status}")
        if hit:
            errors.append(f"{what} ({x},{y}) covered by {hit}")
    for (x, y), want in LAND:
        hit = countries_at(feats, x, y)
        status = "ok" if hit == [want] else f"FAIL: got {hit}"
        print(f"  land {want} ({x}E {y}N): {status}")
        if hit != [want]:
            errors.append(f"({x},{y}) should be in {want}, got {hit}")
    print(
        f"{name}: {len(feats)} features, {verts} positions, {len(raw.encode())} bytes, "
        f"{crossings} crossing edge pairs, {len(errors)} error(s)"
    )
    for e in errors[:50]:
        print("  ERROR:", e)
    return errors


def main():
    failed = False
    for f in FILES:
        if check_file(os.path.join(HERE, f)):
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
