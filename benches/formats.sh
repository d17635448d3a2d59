#!/usr/bin/env bash
# Opening the shared bench's L file (100k features) in every format, against GDAL's ogrinfo,
# and bounding-box queries on a 1-million-row PostGIS table. Needs gdal-bin, postgresql-15 and
# postgresql-15-postgis-3 (apt-get install); the L file from ../shared/bench/gen.py:
#   CORRIDOR_BENCH_DATA=/tmp/bench/data benches/formats.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=${CORRIDOR_BENCH_DATA:?set CORRIDOR_BENCH_DATA to the folder of corridor_L.geojson}
L=$data/corridor_L.geojson
out=$(mktemp -d)
chmod 755 "$out"
trap 'stop_pg; rm -rf "$out"' EXIT
stop_pg() { [ -n "${pgdata:-}" ] && as_pg "$bin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

echo "converting $L with ogr2ogr…"
mkdir -p "$out/shp"
for t in POINT LINESTRING POLYGON; do
  ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 -where "OGR_GEOMETRY='$t'" "$out/shp/L_$t.shp" "$L" 2>/dev/null
done
ogr2ogr -f GPKG -nlt GEOMETRY -nln corridor_L "$out/L.gpkg" "$L"
ogr2ogr -f FlatGeobuf -nlt GEOMETRY "$out/L.fgb" "$L"
ogr2ogr -f KML "$out/L.kml" "$L"
ogr2ogr -f CSV -lco GEOMETRY=AS_WKT "$out/L.csv" "$L"
ogr2ogr -f GeoJSON -t_srs EPSG:3857 -lco RFC7946=NO "$out/L_3857.geojson" "$L"

echo "ogrinfo -al -q (reads and prints every feature), seconds:"
for f in "$L" "$out"/shp "$out/L.gpkg" "$out/L.fgb" "$out/L.kml" "$out/L.csv" "$out/L_3857.geojson"; do
  s=$(date +%s.%N); ogrinfo -ro -al -q "$f" >/dev/null 2>&1; e=$(date +%s.%N)
  printf "  %-40s %.2f\n" "$(basename "$f")" "$(echo "$e - $s" | bc)"
done

echo "starting PostgreSQL + PostGIS with a 1,000,000-row table…"
bin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bin/initdb" ] || bin=/usr/lib/postgresql/15/bin
[ "$(id -u)" = 0 ] && chown postgres "$out"
pgdata=$out/pg
as_pg "$bin/initdb" -D "$pgdata" -U atlas --auth=trust -E UTF8 --no-sync >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$bin/pg_ctl" -D "$pgdata" -o "-p $port -k $out -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" -l "$out/pg.log" -w start >/dev/null
psql="psql -q -h 127.0.0.1 -p $port -U atlas"
$psql -d postgres -c "CREATE DATABASE bench"
$psql -d bench -c "CREATE EXTENSION postgis" \
  -c "CREATE TABLE terminals AS SELECT i AS id, 'Terminal ' || i AS name, 'logistics_hub' AS kind,
        round((random() * 30)::numeric, 1)::float8 AS capacity_mt_per_year,
        ST_SetSRID(ST_MakePoint(40 + random() * 80, 30 + random() * 25), 4326) AS geom
      FROM generate_series(1, 1000000) i" \
  -c "CREATE INDEX ON terminals USING gist (geom)" -c "ANALYZE terminals"

CORRIDOR_BENCH_FORMATS="$out" CORRIDOR_BENCH_PG="postgresql://atlas@127.0.0.1:$port/bench?layer=public.terminals" \
  cargo bench --bench formats
