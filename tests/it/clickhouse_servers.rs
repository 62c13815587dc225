//! Real ClickHouse servers for the tests: two `clickhouse-server` processes (Debian's package,
//! installed by scripts/install-test-deps) on free loopback ports, each with its config and
//! data in a temporary folder, forming the two-shard cluster `timelanes`. They are started
//! once, on first use, and stop when the test binary ends (a watchdog shell ends each server
//! when this process is gone, so none outlives a run that panicked or was killed, and then
//! deletes the server's folder: the cluster lives in a static, which is never dropped, and a
//! benchmark's 20 million events are 4 GB).
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Where Debian puts the server.
const SERVER: &str = "/usr/sbin/clickhouse-server";

/// One server of the cluster.
pub struct Shard {
    pub http_port: u16,
    pub tcp_port: u16,
    _process: Child,
}

impl Shard {
    /// `clickhouse://127.0.0.1:PORT/DATABASE.TABLE` on this server.
    pub fn url(&self, database: &str, table: &str) -> String {
        format!(
            "clickhouse://127.0.0.1:{}/{database}.{table}",
            self.http_port
        )
    }

    /// Runs a statement through the HTTP interface, panicking with the server's message.
    pub fn sql(&self, sql: &str) -> String {
        let mut response = ureq_post(self.http_port, sql);
        assert!(response.0, "{sql}: {}", response.1);
        std::mem::take(&mut response.1)
    }
}

fn ureq_post(port: u16, sql: &str) -> (bool, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    match agent.post(&format!("http://127.0.0.1:{port}/")).send(sql) {
        Ok(mut response) => {
            let ok = response.status().is_success();
            (ok, response.body_mut().read_to_string().unwrap_or_default())
        }
        Err(e) => (false, e.to_string()),
    }
}

pub struct Cluster {
    pub shards: [Shard; 2],
}

/// The cluster, started on first use; `None` (with the reason printed) where the package is
/// not installed and cannot be.
pub fn cluster() -> Option<&'static Cluster> {
    static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| {
            if !Path::new(SERVER).exists() {
                eprintln!(
                    "SKIPPED: {SERVER} is not installed (scripts/install-test-deps installs Debian's clickhouse-server)"
                );
                return None;
            }
            Some(start_cluster())
        })
        .as_ref()
}

/// A port no one listens on now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn start_cluster() -> Cluster {
    // Kept when this process ends: the watchdogs delete it once their servers have stopped.
    let dir = tempfile::Builder::new()
        .prefix("timelanes-clickhouse-")
        .tempdir()
        .expect("a temporary folder")
        .keep();
    let ports: Vec<[u16; 3]> = (0..2)
        .map(|_| [free_port(), free_port(), free_port()])
        .collect();
    let shard_ports = [ports[0][1], ports[1][1]];
    let shards = [0, 1].map(|n| {
        let folder = dir.join(format!("shard{}", n + 1));
        std::fs::create_dir_all(&folder).expect("shard folder");
        let [http, tcp, interserver] = ports[n];
        let config = CONFIG
            .replace("@DIR@", &folder.display().to_string())
            .replace("@HTTP_PORT@", &http.to_string())
            .replace("@TCP_PORT@", &tcp.to_string())
            .replace("@INTERSERVER_PORT@", &interserver.to_string())
            .replace("@SHARD1_TCP@", &shard_ports[0].to_string())
            .replace("@SHARD2_TCP@", &shard_ports[1].to_string());
        let config_path = folder.join("config.xml");
        std::fs::write(&config_path, config).expect("config written");
        Shard {
            http_port: http,
            tcp_port: tcp,
            _process: spawn_watched(&config_path, &folder),
        }
    });
    for (n, shard) in shards.iter().enumerate() {
        wait_until_up(shard, &dir.join(format!("shard{}/server.log", n + 1)));
    }
    Cluster { shards }
}

/// Starts a server under a watchdog shell that stops it when this test process ends, then
/// deletes its `folder` (and the cluster's, once both are gone).
fn spawn_watched(config: &Path, folder: &Path) -> Child {
    let script = format!(
        "{SERVER} --config-file=\"$1\" >\"$2/server.log\" 2>&1 </dev/null & server=$!; \
         while kill -0 {parent} 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 0.5; done; \
         kill $server 2>/dev/null; wait $server; \
         rm -rf \"$2\"; rmdir \"$(dirname \"$2\")\" 2>/dev/null",
        parent = std::process::id()
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("watchdog")
        .arg(config)
        .arg(folder)
        .stdin(Stdio::null())
        .spawn()
        .expect("clickhouse-server starts")
}

/// Polls the server's `/ping` until it answers (it takes about a second to start).
fn wait_until_up(shard: &Shard, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (ok, body) = ureq_get_ping(shard.http_port);
        if ok && body.trim() == "Ok." {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "clickhouse-server on port {} did not start in 60 s; its log: {}",
            shard.http_port,
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn ureq_get_ping(port: u16) -> (bool, String) {
    match ureq::get(&format!("http://127.0.0.1:{port}/ping")).call() {
        Ok(mut response) => (
            true,
            response.body_mut().read_to_string().unwrap_or_default(),
        ),
        Err(e) => (false, e.to_string()),
    }
}

/// A config for ClickHouse 18.16 that keeps everything in one folder, listens on loopback
/// only, logs warnings to the console, and knows the cluster `timelanes` of two shards.
/// `tl` / `s3cret` is a user with a password.
const CONFIG: &str = r#"<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><console>1</console></logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>@HTTP_PORT@</http_port>
    <tcp_port>@TCP_PORT@</tcp_port>
    <interserver_http_port>@INTERSERVER_PORT@</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <path>@DIR@/data/</path>
    <tmp_path>@DIR@/data/tmp/</tmp_path>
    <user_files_path>@DIR@/data/user_files/</user_files_path>
    <format_schema_path>@DIR@/data/format_schemas/</format_schema_path>
    <mark_cache_size>268435456</mark_cache_size>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
    <timezone>UTC</timezone>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <remote_servers>
        <timelanes>
            <shard><replica><host>127.0.0.1</host><port>@SHARD1_TCP@</port></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>@SHARD2_TCP@</port></replica></shard>
        </timelanes>
    </remote_servers>
    <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
        <tl>
            <password>s3cret</password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </tl>
    </users>
    <quotas><default/></quotas>
</yandex>
"#;
