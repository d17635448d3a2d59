//! Layers from PostGIS (the `postgres` crate, read-only): a database URL
//! `postgresql://USER[:PASSWORD]@HOST:PORT/DB?layer=SCHEMA.TABLE` (without `layer`: every table
//! of `geometry_columns`), the password from the URL, `PGPASSWORD` or `~/.pgpass` (never kept
//! in our settings). PostGIS itself brings geometries to WGS 84 (`ST_Transform`, with PROJ's
//! database); a view's rows are asked for by bounding box, on the table's GiST index.

use super::error::LoadError;
use super::foreign::{Collect, unreadable};
use super::job::Progress;
use crate::load::crs::Crs;
use crate::model::{Layer, Origin};
use geozero::ToGeo;
use geozero::wkb::Wkb;
use serde_json::{Map, Value};
use std::time::Duration;

/// A database and, maybe, one of its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    pub user: String,
    password: Option<String>,
    pub host: String,
    pub port: u16,
    pub database: String,
    /// `schema.table`.
    pub layer: Option<String>,
}

/// Whether `s` is a database URL rather than a path.
pub fn is_database_url(s: &str) -> bool {
    s.starts_with("postgresql://") || s.starts_with("postgres://")
}

/// `%41` → `A` (user names and passwords in URLs).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

impl DbUrl {
    /// Read a URL; an error says what is wrong with it.
    pub fn parse(url: &str) -> Result<Self, String> {
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| format!("\"{url}\" is not a postgresql:// URL"))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (auth, rest) = rest
            .rsplit_once('@')
            .ok_or_else(|| format!("{}: no USER@ before the host", shown(url)))?;
        let (user, password) = match auth.split_once(':') {
            Some((u, p)) => (percent_decode(u), Some(percent_decode(p))),
            None => (percent_decode(auth), None),
        };
        let (hostport, database) = rest
            .split_once('/')
            .ok_or_else(|| format!("{}: no /DATABASE after the host", shown(url)))?;
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h.to_string(),
                p.parse()
                    .map_err(|_| format!("{}: the port \"{p}\" is not a number", shown(url)))?,
            ),
            None => (hostport.to_string(), 5432),
        };
        if user.is_empty() || host.is_empty() || database.is_empty() {
            return Err(format!(
                "{}: expected postgresql://USER@HOST:PORT/DATABASE",
                shown(url)
            ));
        }
        let layer = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("layer="))
            .map(percent_decode)
            .filter(|l| !l.is_empty());
        Ok(Self {
            user,
            password,
            host,
            port,
            database: percent_decode(database),
            layer,
        })
    }

    /// The URL without its password (what messages, layers and projects show).
    pub fn shown(&self) -> String {
        let layer = self
            .layer
            .as_ref()
            .map_or(String::new(), |l| format!("?layer={l}"));
        format!(
            "postgresql://{}@{}:{}/{}{layer}",
            self.user, self.host, self.port, self.database
        )
    }

    /// The same database, one table of it.
    pub fn with_layer(&self, layer: &str) -> Self {
        Self {
            layer: Some(layer.to_string()),
            ..self.clone()
        }
    }

    /// The password: the URL's, else `PGPASSWORD`, else the first matching `~/.pgpass` line.
    fn password(&self) -> Option<String> {
        if let Some(p) = &self.password {
            return Some(p.clone());
        }
        if let Ok(p) = std::env::var("PGPASSWORD") {
            return Some(p);
        }
        let file = std::env::var_os("PGPASSFILE")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".pgpass"))
            })?;
        let text = std::fs::read_to_string(file).ok()?;
        pgpass_lookup(&text, &self.host, self.port, &self.database, &self.user)
    }

    /// A connection, failing after a few seconds rather than hanging.
    pub fn connect(&self) -> Result<postgres::Client, String> {
        let mut c = postgres::Config::new();
        c.host(&self.host)
            .port(self.port)
            .dbname(&self.database)
            .user(&self.user)
            .application_name("corridor-atlas")
            .connect_timeout(Duration::from_secs(5));
        if let Some(p) = self.password() {
            c.password(p);
        }
        c.connect(postgres::NoTls)
            .map_err(|e| format!("{}: cannot connect: {}", self.shown(), error_text(&e)))
    }
}

/// A URL shown without the password it may hold.
fn shown(url: &str) -> String {
    let without = || {
        let (scheme, rest) = url.split_once("://")?;
        let (auth, rest) = rest.rsplit_once('@')?;
        let user = auth.split(':').next()?;
        Some(format!("{scheme}://{user}@{rest}"))
    };
    without().unwrap_or_else(|| "the database URL".into())
}

/// A database error as the server words it.
fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => d.message().to_string(),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(x) = src {
                s = format!("{s}: {x}");
                src = x.source();
            }
            s
        }
    }
}

/// The password of the first `.pgpass` line (`host:port:database:user:password`, `*` for any,
/// `\:` for a colon) that matches.
pub fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        let port = port.to_string();
        let ok = |f: &str, v: &str| f == "*" || f == v;
        if ok(&fields[0], host)
            && ok(&fields[1], &port)
            && ok(&fields[2], db)
            && ok(&fields[3], user)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

/// A geometry table of the database.
#[derive(Debug, Clone, PartialEq)]
pub struct GeomTable {
    pub schema: String,
    pub table: String,
    pub column: String,
    pub srid: i32,
    pub kind: String,
    /// Its other columns (not geometries or binaries), in table order: read with the table
    /// list, so that a view's query needs no second round trip.
    pub columns: Vec<String>,
}

impl GeomTable {
    pub fn name(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables `geometry_columns` lists.
pub fn list_tables(client: &mut postgres::Client) -> Result<Vec<GeomTable>, String> {
    let rows = client
        .query(
            "SELECT f_table_schema::text, f_table_name::text, f_geometry_column::text, srid, type::text \
             FROM geometry_columns ORDER BY 1, 2, 3",
            &[],
        )
        .map_err(|e| format!("the geometry tables cannot be listed: {}", error_text(&e)))?;
    let columns = client
        .query(
            "SELECT table_schema::text, table_name::text, \
                    array_agg(column_name::text ORDER BY ordinal_position) \
             FROM information_schema.columns \
             WHERE udt_name NOT IN ('geometry', 'geography', 'bytea', 'raster') \
             GROUP BY 1, 2",
            &[],
        )
        .map_err(|e| format!("the columns cannot be listed: {}", error_text(&e)))?;
    let columns_of = |schema: &str, table: &str| -> Vec<String> {
        columns
            .iter()
            .find(|r| r.get::<_, String>(0) == schema && r.get::<_, String>(1) == table)
            .map(|r| r.get(2))
            .unwrap_or_default()
    };
    Ok(rows
        .iter()
        .map(|r| {
            let (schema, table): (String, String) = (r.get(0), r.get(1));
            GeomTable {
                columns: columns_of(&schema, &table),
                schema,
                table,
                column: r.get(2),
                srid: r.get(3),
                kind: r.get(4),
            }
        })
        .collect())
}

/// The table a URL's `layer` names (`schema.table`, or `table` in any schema).
fn find_table(tables: &[GeomTable], layer: &str) -> Option<GeomTable> {
    tables
        .iter()
        .find(|t| t.name() == layer)
        .or_else(|| tables.iter().find(|t| t.table == layer))
        .cloned()
}

/// At most this many rows are drawn for one view of a table (the rest are counted, and the
/// planner told to zoom in).
pub const VIEW_ROWS: i64 = 200_000;

/// Read `t`'s rows (those whose box meets `bbox` [west, south, east, north], WGS 84, if given;
/// at most `limit`) as a layer. A row whose geometry cannot be drawn is left out and named.
pub fn read_table(
    client: &mut postgres::Client,
    url: &DbUrl,
    t: &GeomTable,
    bbox: Option<[f64; 4]>,
    limit: Option<i64>,
    progress: &Progress,
) -> Result<Layer, LoadError> {
    let at = url.with_layer(&t.name());
    let shown = at.shown();
    let col = quoted(&t.column);
    let geom = match t.srid {
        4326 | 0 => format!("ST_Force2D({col})"),
        _ => format!("ST_Transform(ST_Force2D({col}), 4326)"),
    };
    // The other columns as one JSON object built from them by name: `to_jsonb(t)` would turn
    // the geometry into JSON too, and cost ten times the query (measured: 94 ms against 14 ms
    // for 4,466 rows of the bench's 1M-row table).
    let names = &t.columns;
    let props = if names.is_empty() {
        "'{}'::jsonb".to_string()
    } else {
        // jsonb_build_object takes at most 100 arguments: 50 columns a call.
        names
            .chunks(50)
            .map(|c| {
                let args: Vec<String> = c
                    .iter()
                    .map(|n| format!("'{}', t.{}", n.replace('\'', "''"), quoted(n)))
                    .collect();
                format!("jsonb_build_object({})", args.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" || ")
    };
    let mut sql = format!(
        "SELECT ST_AsBinary({geom}), {props} FROM {}.{} t",
        quoted(&t.schema),
        quoted(&t.table)
    );
    if let Some([w, s, e, n]) = bbox {
        // Mercator cannot take the poles: the envelope stops short of them.
        let (s, n) = (s.max(-85.0), n.min(85.0));
        let envelope = format!("ST_MakeEnvelope({w}, {s}, {e}, {n}, 4326)");
        let envelope = match t.srid {
            4326 | 0 => envelope,
            srid => format!("ST_Transform({envelope}, {srid})"),
        };
        sql += &format!(" WHERE {col} && {envelope}");
    }
    if let Some(l) = limit {
        sql += &format!(" LIMIT {l}");
    }
    let rows = client.query(&sql, &[]).map_err(|e| {
        unreadable(
            &shown,
            format!("the table cannot be read: {}", error_text(&e)),
        )
    })?;
    let crs = if t.srid == 0 {
        Crs::wgs84("srid 0 (undefined: read as WGS 84)")
    } else {
        Crs::wgs84(&format!("EPSG:{}", t.srid))
    };
    progress.set_total(rows.len());
    let mut collect = Collect::new(&shown, &crs, t.srid == 0);
    for (i, r) in rows.iter().enumerate() {
        collect.tick(i, progress)?;
        let props: Map<String, Value> = match r.try_get::<_, Option<Value>>(1) {
            Ok(Some(Value::Object(m))) => m.into_iter().filter(|(_, v)| !v.is_null()).collect(),
            _ => Map::new(),
        };
        let geometry = match r.try_get::<_, Option<Vec<u8>>>(0) {
            Ok(Some(b)) => Wkb(b).to_geo().map(Some).map_err(|e| e.to_string()),
            Ok(None) => Ok(None),
            Err(e) => Err(e.to_string()),
        };
        collect.add(i + 1, props, geometry);
    }
    let full = limit.is_some_and(|l| rows.len() as i64 >= l);
    if full {
        collect.warn(format!(
            "only the first {} rows in view are drawn: zoom in to see the rest",
            rows.len()
        ));
    }
    let origin = Origin::Database {
        url: at.shown(),
        table: t.name(),
    };
    let mut layer = collect.finish(origin, Some(&t.name()))?;
    layer.crs = Some(crs.name.clone());
    Ok(layer)
}

/// Every table a URL names (its `layer`, or all of them), whole: for `--data`, `check` and the
/// export.
pub fn load_url(url: &str, progress: &Progress) -> Result<Vec<Layer>, LoadError> {
    let u = DbUrl::parse(url).map_err(|e| unreadable(&shown(url), e))?;
    let mut client = u.connect().map_err(|e| unreadable(&u.shown(), e))?;
    let tables = list_tables(&mut client).map_err(|e| unreadable(&u.shown(), e))?;
    let wanted: Vec<GeomTable> = match &u.layer {
        Some(l) => vec![find_table(&tables, l).ok_or_else(|| {
            unreadable(
                &u.shown(),
                format!(
                    "no geometry table \"{l}\"; the database has: {}",
                    tables
                        .iter()
                        .map(GeomTable::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?],
        None => tables,
    };
    if wanted.is_empty() {
        return Err(unreadable(
            &u.shown(),
            "the database has no geometry table".into(),
        ));
    }
    wanted
        .iter()
        .map(|t| read_table(&mut client, &u, t, None, None, progress))
        .collect()
}

/// The table a layer of this URL reads, found in the database.
pub fn table_of(client: &mut postgres::Client, u: &DbUrl) -> Result<GeomTable, String> {
    let l = u.layer.as_deref().ok_or("the URL names no layer")?;
    let tables = list_tables(client)?;
    find_table(&tables, l).ok_or_else(|| format!("{}: no geometry table \"{l}\"", u.shown()))
}

/// Where a running view query leaves its cancel token, for the window to cancel it when the
/// view has moved on.
pub type CancelSlot = std::sync::Arc<std::sync::Mutex<Option<postgres::CancelToken>>>;

/// Cancel the query whose token is in `slot` (in a thread: it is a network round trip).
pub fn cancel(slot: &CancelSlot) {
    let token = slot.lock().ok().and_then(|mut t| t.take());
    if let Some(t) = token {
        let _ = std::thread::Builder::new()
            .name("cancel query".into())
            .spawn(move || {
                let _ = t.cancel_query(postgres::NoTls);
            });
    }
}

/// One view's rows of the table `url` names (the table found on first use and handed back).
pub fn read_view(
    url: &DbUrl,
    table: Option<GeomTable>,
    bbox: [f64; 4],
    progress: &Progress,
    slot: &CancelSlot,
) -> Result<(Layer, GeomTable), LoadError> {
    let mut client = url.connect().map_err(|e| unreadable(&url.shown(), e))?;
    if let Ok(mut s) = slot.lock() {
        *s = Some(client.cancel_token());
    }
    let t = match table {
        Some(t) => t,
        None => table_of(&mut client, url).map_err(|e| unreadable(&url.shown(), e))?,
    };
    let layer = read_table(&mut client, url, &t, Some(bbox), Some(VIEW_ROWS), progress)?;
    Ok((layer, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_and_shown_without_their_password() {
        let u =
            DbUrl::parse("postgresql://planner:s%40cret@db.local:5433/corridor?layer=public.ports")
                .expect("a URL");
        assert_eq!(
            (
                u.user.as_str(),
                u.host.as_str(),
                u.port,
                u.database.as_str()
            ),
            ("planner", "db.local", 5433, "corridor")
        );
        assert_eq!(u.password.as_deref(), Some("s@cret"));
        assert_eq!(u.layer.as_deref(), Some("public.ports"));
        assert_eq!(
            u.shown(),
            "postgresql://planner@db.local:5433/corridor?layer=public.ports"
        );
        let e = DbUrl::parse("postgresql://planner:pw@db.local:x/corridor").expect_err("port");
        assert!(e.contains("\"x\"") && !e.contains("pw"), "{e}");
        assert!(DbUrl::parse("postgresql://db.local/corridor").is_err());
        assert_eq!(
            DbUrl::parse("postgres://a@h/d").expect("default port").port,
            5432
        );
    }

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        let text = "# comment\nother:5432:*:planner:no\ndb.local:*:corridor:planner:pa\\:ss\n*:*:*:*:any\n";
        assert_eq!(
            pgpass_lookup(text, "db.local", 5433, "corridor", "planner").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_lookup(text, "x", 1, "y", "z").as_deref(),
            Some("any")
        );
    }
}
