#!/usr/bin/env python3
"""Build the offline basemap of Corridor Atlas from Natural Earth (via world-atlas 2.0.2).

Writes, next to this script:
  countries-50m.geojson   Natural Earth 1:50m admin-0 countries, cropped, 3 decimals
  countries-10m.geojson   Natural Earth 1:10m admin-0 countries, cropped, 4 decimals

Steps: `npm pack world-atlas@2.0.2` into a temporary directory, decode the TopoJSON
"countries" object (quantized, delta-encoded arcs) to polygons, clip every polygon to the
crop box (rectangle clip that re-joins the pieces along the box edge, so no zero-width
bridges), enforce the RFC 7946 right-hand rule, round, and write compact GeoJSON with a
label point per country.

Python 3.11 standard library only (plus `npm` on PATH for the download).
Usage: python3 geodata/basemap/make_basemap.py [--source DIR_WITH_JSON] [--simplify DEG]
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas@2.0.2"
ATTRIBUTION = "Natural Earth (public domain), via world-atlas 2.0.2"
# Crop box: lon 10..135, lat 10..65 (the issue asks for about 20..125 / 20..58; the wider box
# fills a wide window fitted to the whole corridor without "no basemap" bands).
X0, Y0, X1, Y1 = 10.0, 10.0, 135.0, 65.0
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
LEVELS = [
    # (input file, output file, decimals, collection name)
    ("countries-50m.json", "countries-50m.geojson", 3, "Natural Earth countries 1:50m"),
    ("countries-10m.json", "countries-10m.geojson", 4, "Natural Earth countries 1:10m"),
]


# --------------------------------------------------------------------------- download


def fetch_package(tmp: str) -> str:
    """`npm pack` world-atlas into `tmp`, extract it, return the package directory."""
    proc = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"],
        cwd=tmp,
        check=True,
        capture_output=True,
        text=True,
    )
    names = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip().endswith(".tgz")]
    tgz = os.path.join(tmp, names[-1] if names else "world-atlas-2.0.2.tgz")
    wanted = {"package/" + f for f, _, _, _ in LEVELS} | {"package/LICENSE"}
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                member.name = os.path.basename(member.name)
                tar.extract(member, os.path.join(tmp, "package"))
    return os.path.join(tmp, "package")


# --------------------------------------------------------------------------- TopoJSON


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (delta-decoding when quantized)."""
    tr = topo.get("transform")
    arcs = []
    if tr:
        sx, sy = tr["scale"]
        tx, ty = tr["translate"]
        for arc in topo["arcs"]:
            x = y = 0
            pts = []
            for p in arc:
                x += p[0]
                y += p[1]
                pts.append((x * sx + tx, y * sy + ty))
            arcs.append(pts)
    else:
        for arc in topo["arcs"]:
            arcs.append([(p[0], p[1]) for p in arc])
    return arcs


def simplify_arcs(arcs, tol):
    """Douglas–Peucker on each arc (end points kept), so shared borders stay shared."""
    if tol <= 0:
        return arcs
    out = []
    for pts in arcs:
        n = len(pts)
        if n <= 2:
            out.append(pts)
            continue
        keep = [False] * n
        keep[0] = keep[-1] = True
        stack = [(0, n - 1)]
        closed = pts[0] == pts[-1]
        if closed and n > 3:
            # A closed arc: split at the point farthest from the start first.
            far = max(range(1, n - 1), key=lambda i: _d2(pts[i], pts[0]))
            keep[far] = True
            stack = [(0, far), (far, n - 1)]
        while stack:
            a, b = stack.pop()
            best, bi = -1.0, -1
            for i in range(a + 1, b):
                d = _seg_d2(pts[i], pts[a], pts[b])
                if d > best:
                    best, bi = d, i
            if bi >= 0 and best > tol * tol:
                keep[bi] = True
                stack.append((a, bi))
                stack.append((bi, b))
        out.append([p for p, k in zip(pts, keep) if k])
    return out


def _d2(p, q):
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2


def _seg_d2(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    ll = dx * dx + dy * dy
    if ll == 0:
        return _d2(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / ll))
    return (p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2


def stitch_ring(arcs, indices):
    """A ring from arc indices: ~i means arc i reversed; the shared point is kept once."""
    ring: list[tuple[float, float]] = []
    for k, i in enumerate(indices):
        pts = arcs[~i][::-1] if i < 0 else arcs[i]
        ring.extend(pts if k == 0 else pts[1:])
    return ring


def topo_countries(topo: dict, arcs):
    """Yield (name, id, [polygon, ...]) with polygon = [ring, ...] (first ring exterior)."""
    for g in topo["objects"]["countries"]["geometries"]:
        t = g.get("type")
        if t == "Polygon":
            polys = [g["arcs"]]
        elif t == "MultiPolygon":
            polys = g["arcs"]
        else:  # null geometry and anything else
            continue
        out = [[stitch_ring(arcs, ring) for ring in poly] for poly in polys]
        props = g.get("properties") or {}
        yield props.get("name"), g.get("id"), out


# --------------------------------------------------------------------------- geometry helpers


def signed_area(ring) -> float:
    """Shoelace; positive = counter-clockwise. Works for closed or open rings."""
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def close(ring):
    if ring and ring[0] != ring[-1]:
        ring = ring + [ring[0]]
    return ring


def oriented(ring, ccw: bool):
    a = signed_area(ring)
    if (a > 0) != ccw:
        return ring[::-1]
    return ring


def ring_contains(ring, x, y) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_contains(poly, x, y) -> bool:
    inside = False
    for ring in poly:
        if ring_contains(ring, x, y):
            inside = not inside
    return inside


# --------------------------------------------------------------------------- rectangle clip

W, H = X1 - X0, Y1 - Y0
PERIM = 2 * (W + H)
CORNERS = [(0.0, (X0, Y0)), (W, (X1, Y0)), (W + H, (X1, Y1)), (2 * W + H, (X0, Y1))]


def inside_box(p) -> bool:
    return X0 <= p[0] <= X1 and Y0 <= p[1] <= Y1


def perimeter_pos(p) -> float:
    """Position of a boundary point along the box edge, counter-clockwise from (X0, Y0)."""
    x, y = p
    d = [abs(y - Y0), abs(x - X1), abs(y - Y1), abs(x - X0)]
    e = d.index(min(d))
    if e == 0:
        return x - X0
    if e == 1:
        return W + (y - Y0)
    if e == 2:
        return W + H + (X1 - x)
    s = 2 * W + H + (Y1 - y)
    return 0.0 if s >= PERIM else s


def clip_segment(a, b):
    """Liang–Barsky against the closed box: (point at t0, point at t1, t0, t1) or None."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    t0, t1 = 0.0, 1.0
    e0 = e1 = -1  # which box side set t0 / t1 (0 left, 1 right, 2 bottom, 3 top)
    for side, p, q in ((0, -dx, ax - X0), (1, dx, X1 - ax), (2, -dy, ay - Y0), (3, dy, Y1 - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            if r > t1:
                return None
            if r > t0:
                t0, e0 = r, side
        else:
            if r < t0:
                return None
            if r < t1:
                t1, e1 = r, side
    return _at(a, dx, dy, t0, e0), _at(a, dx, dy, t1, e1), t0, t1


def _at(a, dx, dy, t, side):
    if t == 0.0:
        return a
    if t == 1.0:
        return (a[0] + dx, a[1] + dy)
    x, y = a[0] + t * dx, a[1] + t * dy
    # Snap exactly onto the side that cut the segment (and into the box).
    if side == 0:
        x = X0
    elif side == 1:
        x = X1
    elif side == 2:
        y = Y0
    elif side == 3:
        y = Y1
    return (min(max(x, X0), X1), min(max(y, Y0), Y1))


def clip_polygon(poly):
    """Clip one polygon (rings oriented: exterior CCW, holes CW) to the box.

    Returns a list of polygons. Pieces of rings that cross the box edge are re-joined by
    walking the box boundary counter-clockwise from each exit to the next entry
    (Weiler–Atherton for a rectangle), which keeps the result free of zero-width bridges.
    """
    whole = []  # rings entirely inside the box
    pieces = []  # open polylines from an entry point to an exit point
    for ring in poly:
        pts = ring[:-1] if ring[0] == ring[-1] else ring[:]
        n = len(pts)
        if n < 3:
            continue
        start = next((i for i, p in enumerate(pts) if not inside_box(p)), None)
        if start is None:
            whole.append(close(pts))
            continue
        pts = pts[start:] + pts[:start]
        cur = None
        for i in range(n):
            a, b = pts[i], pts[(i + 1) % n]
            r = clip_segment(a, b)
            if r is None:
                continue
            pa, pb, t0, t1 = r
            if cur is None:
                cur = [pa]
            if pb != cur[-1]:
                cur.append(pb)
            if t1 < 1.0:  # leaves the box
                if len(cur) >= 2:
                    pieces.append(cur)
                cur = None
        # The walk starts outside, so every piece has been closed by an exit.
    out_rings = list(whole)
    if pieces:
        entries = sorted((perimeter_pos(pc[0]), k) for k, pc in enumerate(pieces))
        entry_pos = [s for s, _ in entries]
        used = [False] * len(pieces)
        for k0 in range(len(pieces)):
            if used[k0]:
                continue
            ring = []
            k = k0
            guard = 0
            while True:
                used[k] = True
                ring.extend(pieces[k] if not ring else pieces[k][(1 if ring[-1] == pieces[k][0] else 0):])
                se = perimeter_pos(pieces[k][-1])
                # next entry counter-clockwise from the exit (distance >= 0)
                j = _bisect_left(entry_pos, se)
                sn, nk = entries[j % len(entries)]
                d = (sn - se) % PERIM
                for c, cp in sorted(CORNERS, key=lambda c: (c[0] - se) % PERIM):
                    dc = (c - se) % PERIM
                    if 0 < dc < d and cp != ring[-1]:
                        ring.append(cp)
                k = nk
                guard += 1
                if k == k0 or used[k] or guard > len(pieces) + 1:
                    break
            out_rings.append(close(ring))
    elif poly and len(poly[0]) >= 3:
        # No ring crosses the box edge: the box is either wholly inside this polygon or not.
        if polygon_contains(poly, X0, Y0) and not any(signed_area(r) > 0 for r in whole):
            box = [(X0, Y0), (X1, Y0), (X1, Y1), (X0, Y1), (X0, Y0)]
            out_rings.insert(0, box)
    # Sort the rings into exteriors (CCW) and holes (CW).
    exts, holes = [], []
    for r in out_rings:
        a = signed_area(r)
        if len(r) < 4 or a == 0:
            continue
        (exts if a > 0 else holes).append(r)
    polys = [[e] for e in exts]
    for h in holes:
        if not polys:
            break
        target = None
        if len(polys) > 1:
            hx, hy = _interior_probe(h)
            for p in polys:
                if ring_contains(p[0], hx, hy):
                    target = p
                    break
        (target or polys[0]).append(h)
    return polys


def _bisect_left(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _interior_probe(ring):
    """A point just beside the first edge of a ring, on its interior side."""
    (x1, y1), (x2, y2) = ring[0], ring[1]
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    ll = math.hypot(dx, dy) or 1.0
    # CW hole: the hole's inside is on the right of the edge; that is still inside the exterior.
    eps = 1e-7
    return mx + dy / ll * eps, my - dx / ll * eps


def sh_clip_area(poly) -> float:
    """Reference area of a clipped polygon with Sutherland–Hodgman (self-check only)."""
    total = 0.0
    for ring in poly:
        pts = ring[:-1] if ring[0] == ring[-1] else ring
        for edge in range(4):
            if not pts:
                break
            out = []
            n = len(pts)
            for i in range(n):
                a, b = pts[i - 1], pts[i]
                ina, inb = _sh_in(a, edge), _sh_in(b, edge)
                if inb:
                    if not ina:
                        out.append(_sh_cut(a, b, edge))
                    out.append(b)
                elif ina:
                    out.append(_sh_cut(a, b, edge))
            pts = out
        if len(pts) >= 3:
            total += signed_area(pts)
    return total


def _sh_in(p, edge):
    return (p[0] >= X0, p[0] <= X1, p[1] >= Y0, p[1] <= Y1)[edge]


def _sh_cut(a, b, edge):
    if edge < 2:
        x = X0 if edge == 0 else X1
        t = (x - a[0]) / (b[0] - a[0])
        return (x, a[1] + t * (b[1] - a[1]))
    y = Y0 if edge == 2 else Y1
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


# --------------------------------------------------------------------------- rounding


def round_ring(ring, nd, ccw):
    """Round a ring, drop repeated points and zero-width spikes; None if nothing is left."""
    pts = [(round(x, nd), round(y, nd)) for x, y in ring]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    changed = True
    while changed and len(pts) >= 3:
        changed = False
        out = []
        for p in pts:
            if out and out[-1] == p:
                changed = True
                continue
            if len(out) >= 2 and _backtrack(out[-2], out[-1], p):
                # A-B-C with C on the line back over A-B: B is the tip of a spike
                out.pop()
                changed = True
                if out[-1] == p:
                    continue
            out.append(p)
        # the same across the seam of the cyclic ring
        while len(out) >= 3:
            if out[0] == out[-1]:
                out.pop()
            elif _backtrack(out[-1], out[0], out[1]):
                out.pop(0)
            elif _backtrack(out[-2], out[-1], out[0]):
                out.pop()
            else:
                break
            changed = True
        pts = out
    if len(pts) < 3:
        return None
    pts.append(pts[0])
    a = signed_area(pts)
    if a == 0:
        return None
    if (a > 0) != ccw:
        pts.reverse()
    return [[x, y] for x, y in pts]


def _backtrack(a, b, c) -> bool:
    """True when a, b, c are collinear and the path turns back at b (a zero-width spike)."""
    ux, uy = b[0] - a[0], b[1] - a[1]
    vx, vy = c[0] - b[0], c[1] - b[1]
    return ux * vy - uy * vx == 0 and ux * vx + uy * vy < 0


# --------------------------------------------------------------------------- labels


def merc(p):
    lat = max(-85.0, min(85.0, p[1]))
    return (p[0], math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))))


def unmerc(x, y):
    return x, math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def _point_dist(x, y, rings):
    """Signed distance from (x, y) to the polygon outline (positive inside)."""
    inside = False
    best = math.inf
    for ring in rings:
        n = len(ring)
        j = n - 1
        for i in range(n):
            ax, ay = ring[i]
            bx, by = ring[j]
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
            dx, dy = bx - ax, by - ay
            ll = dx * dx + dy * dy
            if ll:
                t = ((x - ax) * dx + (y - ay) * dy) / ll
                t = 0.0 if t < 0 else (1.0 if t > 1 else t)
                ex, ey = ax + t * dx - x, ay + t * dy - y
            else:
                ex, ey = ax - x, ay - y
            d = ex * ex + ey * ey
            if d < best:
                best = d
            j = i
    d = math.sqrt(best)
    return d if inside else -d


def polylabel(rings, precision):
    """Pole of inaccessibility (Mapbox polylabel, with a priority queue)."""
    xs = [p[0] for p in rings[0]]
    ys = [p[1] for p in rings[0]]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    w, h = maxx - minx, maxy - miny
    size = min(w, h)
    if size == 0:
        return (minx, miny), 0.0
    half = size / 2
    heap = []
    counter = 0

    def push(cx, cy, hs):
        nonlocal counter
        d = _point_dist(cx, cy, rings)
        mx = d + hs * math.sqrt(2)
        heapq.heappush(heap, (-mx, counter, cx, cy, hs, d))
        counter += 1

    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            push(x + half, y + half, half)
            y += size
        x += size
    # start from the centroid and the bbox centre
    cx, cy = area_centroid(rings[0])
    best = (cx, cy, _point_dist(cx, cy, rings))
    bx, by = minx + w / 2, miny + h / 2
    d = _point_dist(bx, by, rings)
    if d > best[2]:
        best = (bx, by, d)
    while heap:
        negmax, _, x, y, hs, d = heapq.heappop(heap)
        if d > best[2]:
            best = (x, y, d)
        if -negmax - best[2] <= precision:
            continue
        hs /= 2
        for ox in (-hs, hs):
            for oy in (-hs, hs):
                push(x + ox, y + oy, hs)
    return (best[0], best[1]), best[2]


def area_centroid(ring):
    a = 0.0
    cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        f = x1 * y2 - x2 * y1
        a += f
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if a == 0:
        return ring[0]
    return cx / (3 * a), cy / (3 * a)


def label_point(polys, nd):
    """Label for the largest part (Mercator area): its centroid when comfortably inside,
    otherwise its pole of inaccessibility. Computed in Web Mercator, like the app draws."""
    best, best_area = None, -1.0
    for poly in polys:
        rings = [[merc(p) for p in r] for r in poly]
        a = signed_area(rings[0]) - sum(abs(signed_area(r)) for r in rings[1:])
        if a > best_area:
            best, best_area = rings, a
    if best is None:
        return None
    xs = [p[0] for p in best[0]]
    ys = [p[1] for p in best[0]]
    size = min(max(xs) - min(xs), max(ys) - min(ys))
    pole, pole_d = polylabel(best, max(size / 200, 1e-4))
    c = area_centroid(best[0])
    cd = _point_dist(c[0], c[1], best)
    x, y = c if cd >= 0.6 * pole_d and cd > 0 else pole
    lon, lat = unmerc(x, y)
    return round(lon, nd), round(lat, nd)


# --------------------------------------------------------------------------- main


def build_level(src_path, out_path, nd, coll_name, simplify):
    with open(src_path, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = simplify_arcs(decode_arcs(topo), simplify)
    features = []
    vertices = 0
    worst_rel = 0.0
    for name, fid, polys in topo_countries(topo, arcs):
        # Quick reject on the bounding box.
        allpts = [p for poly in polys for ring in poly for p in ring]
        if not allpts:
            continue
        if (
            max(p[0] for p in allpts) < X0
            or min(p[0] for p in allpts) > X1
            or max(p[1] for p in allpts) < Y0
            or min(p[1] for p in allpts) > Y1
        ):
            continue
        clipped = []
        ref_area = got_area = 0.0
        for poly in polys:
            rings = [close(r) for r in poly if len(r) >= 3]
            if not rings:
                continue
            rings = [oriented(rings[0], True)] + [oriented(r, False) for r in rings[1:]]
            ref_area += sh_clip_area(rings)
            for cp in clip_polygon(rings):
                got_area += sum(signed_area(r) for r in cp)
                clipped.append(cp)
        if ref_area > 1e-9:
            worst_rel = max(worst_rel, abs(got_area - ref_area) / ref_area)
        out_polys = []
        for cp in clipped:
            ext = round_ring(cp[0], nd, True)
            if ext is None:
                continue
            holes = [h for h in (round_ring(r, nd, False) for r in cp[1:]) if h is not None]
            out_polys.append([ext] + holes)
        if not out_polys:
            continue
        label = label_point(out_polys, nd)
        props = {"name": name}
        if fid is not None:
            props["id"] = str(fid)
        if label:
            props["label_lon"], props["label_lat"] = label
        geom = (
            {"type": "Polygon", "coordinates": out_polys[0]}
            if len(out_polys) == 1
            else {"type": "MultiPolygon", "coordinates": out_polys}
        )
        vertices += sum(len(r) for p in out_polys for r in p)
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    features.sort(key=lambda f: f["properties"]["name"] or "")
    fc = {
        "type": "FeatureCollection",
        "name": coll_name,
        "attribution": ATTRIBUTION,
        "bbox": [X0, Y0, X1, Y1],
        "features": features,
    }
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=False)
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    size = len(text.encode("utf-8"))
    print(
        f"{os.path.basename(out_path)}: {len(features)} features, {vertices} vertices, "
        f"{size} bytes ({size / 1e6:.2f} MB); {nd} decimals; "
        f"clip area check vs Sutherland-Hodgman: max rel. diff {worst_rel:.2e}"
    )
    if worst_rel > 1e-6:
        print("  WARNING: clipped area differs from the Sutherland-Hodgman reference", file=sys.stderr)
    return size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", help="directory that already holds countries-50m.json / countries-10m.json")
    ap.add_argument("--simplify", type=float, default=0.0, help="Douglas-Peucker tolerance in degrees for 1:10m (default 0: none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        src = args.source or fetch_package(tmp)
        for inp, out, nd, coll in LEVELS:
            tol = args.simplify if inp.startswith("countries-10m") else 0.0
            build_level(os.path.join(src, inp), os.path.join(OUT_DIR, out), nd, coll, tol)


if __name__ == "__main__":
    main()
