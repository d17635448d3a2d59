#!/usr/bin/env python3
"""Check geodata/ against schema v1 (see README.md). Standard library only.

Usage: python3 geodata/check_schema.py   -> prints problems, exits 1 if any.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ID_RE = re.compile(r"^[a-z0-9_-]+$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KINDS = {"port", "logistics_hub", "special_economic_zone", "industrial_zone", "border_crossing",
         "rail_station", "city", "airport", "section"}
MODES = {"rail", "road", "sea"}
STATUSES = {"operational", "under_construction", "planned"}
COUNTRIES = {"KAZ", "CHN", "AZE", "GEO", "TUR", "TKM", "UZB", "KGZ", "ROU", "RUS", "BGR", "IRN", "ARM", "TJK"}
FIGURE_PROPS = {"capacity_mt_per_year", "capacity_teu_per_year", "volume_mt", "investment_kzt_bn",
                "investment_usd_m", "jobs", "projects", "companies", "area_ha", "length_km",
                "completion_year", "operating_term_until_year", "vessels", "status",
                "capacity_containers_per_year"}
PRECISIONS = {"exact", "site", "town", "approximate"}
PERIOD_RE = re.compile(r"^\d{4}-\d{2}/\d{4}-\d{2}$")


def check_figure_members(f, w):
    """as_of / period / computed / conflict (schema additions of issue 11)."""
    if "as_of" in f:
        if not (isinstance(f["as_of"], str) and DATE_RE.match(f["as_of"])):
            err(w, f"as_of {f['as_of']!r} is not an ISO date")
        if "year" in f:
            err(w, "both year and as_of: as_of is for figures the source gives no year for")
    if "period" in f and not (isinstance(f["period"], str) and PERIOD_RE.match(f["period"])):
        err(w, f"period {f['period']!r} is not YYYY-MM/YYYY-MM")
    if "computed" in f and not isinstance(f["computed"], bool):
        err(w, "computed must be true or false")
    if "conflict" in f and not isinstance(f["conflict"], str):
        err(w, "conflict must be text naming the other source")
FILES = {
    "corridor/nodes.geojson": {"Point"},
    "corridor/sections.geojson": {"LineString", "MultiLineString"},
    "corridor/zones.geojson": {"Polygon", "MultiPolygon"},
}

problems = []


def err(where, msg):
    problems.append(f"{where}: {msg}")


def no_nulls(obj, where):
    if obj is None:
        err(where, "null value (unknown must be absent)")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            no_nulls(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            no_nulls(v, f"{where}[{i}]")


def check_source(s, where):
    if not isinstance(s, dict):
        return err(where, "source is not an object")
    for k in ("id", "publication", "date"):
        if not isinstance(s.get(k), str) or not s.get(k):
            err(where, f"source missing '{k}'")
    if isinstance(s.get("date"), str) and not DATE_RE.match(s["date"]):
        err(where, f"source date '{s['date']}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    if "url" in s and not str(s["url"]).startswith(("http://", "https://")):
        err(where, "source url is not http(s)")


def positions(geom):
    t, c = geom.get("type"), geom.get("coordinates")
    if t == "Point":
        return [c]
    if t in ("LineString", "MultiPoint"):
        return c
    if t in ("Polygon", "MultiLineString"):
        return [p for ring in c for p in ring]
    if t == "MultiPolygon":
        return [p for poly in c for ring in poly for p in ring]
    return []


def check_position(p, where):
    if not (isinstance(p, list) and len(p) == 2 and all(isinstance(v, (int, float)) for v in p)):
        return err(where, f"bad position {p!r}")
    lon, lat = p
    if not -180 <= lon <= 180:
        err(where, f"lon {lon} out of range")
    if not -90 <= lat <= 90:
        err(where, f"lat {lat} out of range")
    for v in p:
        if len(repr(float(v)).split(".")[1]) > 5:
            err(where, f"coordinate {v} has more than 5 decimals")


def check_figures(props, where):
    figs = props.get("figures")
    if figs is None:
        return
    srcs = props.get("sources")
    if not isinstance(srcs, list) or not srcs:
        return err(where, "has figures but no sources")
    ids = {s.get("id") for s in srcs if isinstance(s, dict)}
    for i, f in enumerate(figs):
        w = f"{where}.figures[{i}]"
        prop = f.get("property")
        if prop not in FIGURE_PROPS:
            err(w, f"unknown figure property {prop!r}")
        if "value" not in f:
            err(w, "missing value")
        v = f.get("value")
        if prop == "status":
            if v not in STATUSES:
                err(w, f"status value {v!r} not allowed")
        elif not isinstance(v, (int, float)) or isinstance(v, bool):
            err(w, f"value {v!r} is not a number")
        elif v == 0:
            err(w, "zero value (placeholder?)")
        if "year" in f and not (isinstance(f["year"], int) and 1800 <= f["year"] <= 2100):
            err(w, f"bad year {f['year']!r}")
        if f.get("source") not in ids:
            err(w, f"source {f.get('source')!r} not in the feature's sources")
        check_figure_members(f, w)


def check_collection(rel, geom_types, seen_ids):
    path = os.path.join(HERE, rel)
    try:
        fc = json.load(open(path, encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        return err(rel, f"not valid JSON: {e}")
    no_nulls(fc, rel)
    if fc.get("type") != "FeatureCollection":
        err(rel, "not a FeatureCollection")
    if fc.get("schema_version") != 1:
        err(rel, "schema_version is not 1")
    if not isinstance(fc.get("name"), str):
        err(rel, "missing name")
    feats = fc.get("features")
    if not isinstance(feats, list):
        return err(rel, "features is not a list")
    for f in feats:
        props = f.get("properties") or {}
        fid = props.get("id")
        where = f"{rel}:{fid}"
        if f.get("type") != "Feature":
            err(where, "not a Feature")
        if not isinstance(fid, str) or not ID_RE.match(fid):
            err(where, "bad id")
        if f.get("id") != fid:
            err(where, "top-level id differs from properties.id")
        if fid in seen_ids:
            err(where, f"duplicate id (also in {seen_ids[fid]})")
        seen_ids[fid] = rel
        for k in ("name", "kind", "position_source"):
            if not isinstance(props.get(k), str) or not props.get(k):
                err(where, f"missing {k}")
        kind = props.get("kind")
        if kind not in KINDS:
            err(where, f"kind {kind!r} not allowed")
        if rel.endswith("sections.geojson"):
            if kind != "section":
                err(where, "sections must have kind 'section'")
            if props.get("mode") not in MODES:
                err(where, f"mode {props.get('mode')!r} not allowed")
        elif "mode" in props and props["mode"] not in MODES:
            err(where, f"mode {props.get('mode')!r} not allowed")
        if "status" in props and props["status"] not in STATUSES:
            err(where, f"status {props['status']!r} not allowed")
        if "country" in props and props["country"] not in COUNTRIES:
            err(where, f"country {props['country']!r} not an expected ISO alpha-3 code")
        srcs = props.get("sources")
        if not isinstance(srcs, list) or not srcs:
            err(where, "no sources (every feature cites at least one)")
        for i, s in enumerate(props.get("sources", [])):
            check_source(s, f"{where}.sources[{i}]")
        ids = {s.get("id") for s in props.get("sources", []) if isinstance(s, dict)}
        if "status" in props and props.get("status_source") not in ids:
            err(where, f"status_source {props.get('status_source')!r} not in the feature's sources")
        if rel.endswith("sections.geojson"):
            cs = props.get("countries")
            if not (isinstance(cs, list) and cs and all(c in COUNTRIES for c in cs)):
                err(where, f"countries {cs!r}: a list of ISO alpha-3 codes is required")
            for end in ("from", "to"):
                if not isinstance(props.get(end), str):
                    err(where, f"missing {end} (the node at that end)")
        elif props.get("position_precision") not in PRECISIONS:
            err(where, f"position_precision {props.get('position_precision')!r} not exact/site/town/approximate")
        if any(k.startswith("name_") and k != "name_local" for k in props) and not props.get("names_source"):
            err(where, "local names without names_source")
        check_figures(props, where)
        geom = f.get("geometry") or {}
        if geom.get("type") not in geom_types:
            err(where, f"geometry {geom.get('type')!r} not allowed here")
        pts = positions(geom)
        if not pts:
            err(where, "no coordinates")
        if geom.get("type") == "LineString" and len(pts) < 2:
            err(where, "LineString with fewer than 2 positions")
        for p in pts:
            check_position(p, where)
    return len(feats)


def check_indicators(seen_ids):
    rel = "indicators.json"
    try:
        doc = json.load(open(os.path.join(HERE, rel), encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        return err(rel, f"not valid JSON: {e}")
    no_nulls(doc, rel)
    if doc.get("schema_version") != 1:
        err(rel, "schema_version is not 1")
    src_ids = set()
    for i, s in enumerate(doc.get("sources", [])):
        check_source(s, f"{rel}.sources[{i}]")
        src_ids.add(s.get("id"))
    ind_ids = set()
    for ind in doc.get("indicators", []):
        iid = ind.get("id")
        where = f"{rel}:{iid}"
        if not isinstance(iid, str) or not ID_RE.match(iid):
            err(where, "bad id")
        if iid in ind_ids or iid in seen_ids:
            err(where, "duplicate id")
        ind_ids.add(iid)
        for k in ("label", "property", "unit"):
            if not isinstance(ind.get(k), str) or not ind.get(k):
                err(where, f"missing {k}")
        if ind.get("property") == "growth_pct" and ind.get("unit") != "percent":
            err(where, "growth_pct must have unit 'percent'")
        series = ind.get("series")
        if not isinstance(series, list) or not series:
            err(where, "empty series")
            continue
        for j, s in enumerate(series):
            w = f"{where}.series[{j}]"
            if not isinstance(s.get("value"), (int, float)) or s.get("value") == 0:
                err(w, "value missing, not a number, or zero")
            if "year" in s and not isinstance(s["year"], int):
                err(w, "year is not an integer")
            if s.get("source") not in src_ids:
                err(w, f"source {s.get('source')!r} not in top-level sources")
            check_figure_members(s, w)
    return len(ind_ids)


def main():
    seen = {}
    counts = {}
    for rel, gt in FILES.items():
        counts[rel] = check_collection(rel, gt, seen)
    counts["indicators.json"] = check_indicators(seen)
    for p in problems:
        print("PROBLEM", p)
    print("checked:", ", ".join(f"{k}={v}" for k, v in counts.items()), f"problems={len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
