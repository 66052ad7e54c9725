//! `polylead serve` as a child process on a free loopback port, and a small blocking HTTP/1.1
//! client for it (one connection per request, so a killed server fails only the requests
//! in flight).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use super::Db;

/// A running `polylead serve`.
pub struct Server {
    child: Child,
    /// host:port it listens on.
    pub addr: String,
}

impl Server {
    /// Starts `polylead serve` on `db` and waits until it answers /api/v1/health. Its log goes
    /// to `server.log` in the database's directory.
    pub fn start(db: &Db) -> Server {
        let log =
            std::fs::OpenOptions::new().create(true).append(true).open(db._dir.path().join("server.log")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_polylead"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("POLYLEAD_DATABASE_URL", &db.url)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut addr = None;
        for line in stdout.lines() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("polylead is serving http://") {
                addr = rest.split('/').next().map(str::to_owned);
                break;
            }
        }
        let Some(addr) = addr else {
            let _ = child.kill();
            panic!("polylead serve did not print its address; see {}", db._dir.path().join("server.log").display());
        };
        let server = Server { child, addr };
        let (status, body) = server.request("GET", "/api/v1/health", None, None).unwrap();
        assert_eq!(status, 200, "{body}");
        server
    }

    /// One request; `Err` when the connection failed or the response did not arrive whole.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        person: Option<&str>,
        body: Option<&str>,
    ) -> std::io::Result<(u16, String)> {
        request(&self.addr, method, path, person, body)
    }

    /// Kills the server with SIGKILL (`Child::kill` on Unix) and waits for it to end.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Stops the server with SIGTERM (a graceful stop) and waits for it.
    pub fn stop(mut self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        assert!(self.child.wait().unwrap().success(), "polylead serve did not exit cleanly on SIGTERM");
    }
}

/// The API token secrets of the people [`sign_up`] made accounts for.
static TOKENS: std::sync::Mutex<BTreeMap<String, String>> = std::sync::Mutex::new(BTreeMap::new());

/// Gives each of `people` an account and a write token with `polylead accounts add` and
/// `polylead tokens create`, for [`request`] to act as them.
pub fn sign_up(db: &Db, people: &[&str]) {
    for person in people {
        db.ok(&["accounts", "add", person]);
        let created: serde_json::Value =
            serde_json::from_str(&db.ok(&["tokens", "create", person, "--scope", "write", "--json"])).unwrap();
        let secret = created["secret"].as_str().unwrap().to_owned();
        TOKENS.lock().unwrap().insert((*person).to_owned(), secret);
    }
}

/// How a request says who acts: the person's API token.
fn act_as(head: &mut String, person: &str) {
    let secret = TOKENS.lock().unwrap().get(person).cloned().unwrap_or_else(|| panic!("sign_up({person}) first"));
    head.push_str(&format!("Authorization: Bearer {secret}\r\n"));
}

/// [`request`] with the API token `secret`.
pub fn request_with_token(
    addr: &str,
    method: &str,
    path: &str,
    secret: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let person = format!("token:{secret}");
    TOKENS.lock().unwrap().insert(person.clone(), secret.to_owned());
    request(addr, method, path, Some(&person), body)
}

/// One HTTP/1.1 request to `addr` as `person`; returns the status and the body, or an error
/// when the connection failed or the response was cut short (fewer bytes than its
/// Content-Length): only a whole response counts as an answer.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    person: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let broken = |what: &str| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, what.to_owned());
    let mut stream = TcpStream::connect(addr)?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(person) = person {
        act_as(&mut head, person);
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let response = String::from_utf8(response).map_err(|_| broken("response is not UTF-8"))?;
    let (head, body) = response.split_once("\r\n\r\n").ok_or_else(|| broken("no end of headers"))?;
    let status: u16 =
        head.split_whitespace().nth(1).and_then(|code| code.parse().ok()).ok_or_else(|| broken("no status line"))?;
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
        })
        .ok_or_else(|| broken("no Content-Length"))?;
    if body.len() != length {
        return Err(broken("response cut short"));
    }
    Ok((status, body.to_owned()))
}
