//! A real PostgreSQL 15 + PostGIS 3 server for the tests, from Debian's packages
//! (`postgresql-15-postgis-3`, which `.ci/run` installs): a fresh cluster in a temporary folder
//! (`initdb`), started with `pg_ctl` on 127.0.0.1 at a free port with `fsync=off`, as a non-root
//! user (the `postgres` account the package makes, when the tests run as root), stopped when
//! dropped. No mocks.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

/// The folder of the server's programs.
fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if p.join("initdb").exists() && p.join("pg_ctl").exists() {
            return p;
        }
    }
    PathBuf::from("/usr/lib/postgresql/15/bin")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `program args…`, as the `postgres` user when we are root (PostgreSQL refuses root).
fn run(bin: &Path, program: &str, args: &[&str]) {
    let exe = bin.join(program);
    let out = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&exe)
            .args(args)
            .output()
    } else {
        Command::new(&exe).args(args).output()
    }
    .unwrap_or_else(|e| {
        panic!(
            "{} cannot run ({e}): install PostgreSQL 15 and PostGIS 3 (apt-get install \
             postgresql-15 postgresql-15-postgis-3; .ci/run does)",
            exe.display()
        )
    });
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    /// A new cluster with a database `corridor` that has PostGIS, user `atlas` (trust).
    pub fn start() -> Self {
        let bin = bin_dir();
        let dir = tempfile::tempdir().expect("temp dir");
        if is_root() {
            let _ = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .status();
        }
        let data = dir.path().join("data");
        let data_s = data.to_string_lossy().to_string();
        run(
            &bin,
            "initdb",
            &[
                "-D",
                &data_s,
                "-U",
                "atlas",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let port = free_port();
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            dir.path().display()
        );
        let log = dir.path().join("log").to_string_lossy().to_string();
        run(
            &bin,
            "pg_ctl",
            &[
                "-D", &data_s, "-o", &opts, "-l", &log, "-w", "-t", "60", "start",
            ],
        );
        let s = Server { dir, bin, port };
        let mut c = s.client("postgres");
        c.batch_execute("CREATE DATABASE corridor")
            .expect("create database");
        let mut c = s.client("corridor");
        c.batch_execute("CREATE EXTENSION postgis")
            .expect("PostGIS");
        s
    }

    pub fn url(&self) -> String {
        format!("postgresql://atlas@127.0.0.1:{}/corridor", self.port)
    }

    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(
            &format!("host=127.0.0.1 port={} user=atlas dbname={db}", self.port),
            postgres::NoTls,
        )
        .expect("connects")
    }

    /// Stop the server (the next query fails as a lost connection would).
    pub fn stop(&self) {
        let data = self.dir.path().join("data").to_string_lossy().to_string();
        run(
            &self.bin,
            "pg_ctl",
            &["-D", &data, "-m", "immediate", "-w", "stop"],
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let exe = self.bin.join("pg_ctl");
        let args = [
            "-D",
            &data.to_string_lossy(),
            "-m",
            "immediate",
            "-w",
            "stop",
        ]
        .map(String::from);
        let _ = if is_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(exe)
                .args(args)
                .output()
        } else {
            Command::new(exe).args(args).output()
        };
    }
}
