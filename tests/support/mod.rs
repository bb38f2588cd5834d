//! The end-to-end harness: a copy of `dist/` served by static-web-server with
//! `serve.toml`, by nginx with `deploy/nginx.conf` and by Caddy with
//! `deploy/Caddyfile`, ChromeDriver, and WebDriver sessions in headless
//! Chromium.
//!
//! `page` holds the locators and actions on a page, `site` what the built
//! site publishes and how its pages write figures, `explorer` the statistics
//! explorer as the scenarios read and drive it, `colour` contrast as WCAG
//! measures it.

pub mod colour;
pub mod explorer;
pub mod page;
pub mod site;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use portal::model::serving;
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on 127.0.0.1.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dist") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Kills the child process when dropped, so nothing outlives the tests.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A response as the tests need it.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The header's value, or "" when absent.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// Where `make dist-portal` builds the site under the base path `/portal`.
pub const BASE_PATH_DIST: &str = "target/dist-portal";

/// A server of the site built under `/portal`; stops when dropped.
pub struct BasePathSite {
    /// `http://127.0.0.1:PORT`, without the base path.
    pub origin: String,
    _server: Process,
    _prefix: tempfile::TempDir,
    _root: tempfile::TempDir,
}

/// A server of the site in the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(
    clippy::enum_variant_names,
    reason = "static-web-server is that server's own name"
)]
pub enum Server {
    /// static-web-server with `serve.toml`, as `make serve` runs it: every
    /// scenario's server.
    StaticWebServer,
    /// nginx from Debian with `deploy/nginx.conf`: the headers and one
    /// page load are checked against it too.
    Nginx,
    /// Caddy from Debian with `deploy/Caddyfile`: the headers are checked
    /// against it too.
    Caddy,
}

pub struct Harness {
    pub base: String,
    nginx_base: String,
    caddy_base: String,
    root: tempfile::TempDir,
    driver_url: String,
    _server: Process,
    _nginx: Process,
    _nginx_prefix: tempfile::TempDir,
    _caddy: Process,
    _caddy_home: tempfile::TempDir,
    _driver: Process,
}

/// nginx in the foreground, in one process (no workers to outlive it when
/// it is killed, and none switching to the `user` of its configuration),
/// serving `root` on `port` with `config` (`deploy/nginx.conf`, whose root
/// is `default_root`) inside its `server` block. Its configuration, logs,
/// pid and temporary files are in the returned directory.
fn start_nginx(
    root: &Path,
    port: u16,
    config: &str,
    default_root: &str,
) -> (Process, tempfile::TempDir) {
    const NGINX: &str = "/usr/sbin/nginx";
    let prefix = tempfile::tempdir().expect("temp dir for nginx");
    let dir = prefix.path();
    let site = std::fs::read_to_string(config).expect(config);
    let default_root = format!("root {default_root};");
    assert!(
        site.contains(&default_root),
        "{config} sets no {default_root}"
    );
    let site = site.replace(&default_root, &format!("root {};", root.display()));
    std::fs::write(dir.join("portal.conf"), site).expect("write portal.conf");
    // `include mime.types` in deploy/nginx.conf is relative to nginx.conf.
    std::fs::copy("/etc/nginx/mime.types", dir.join("mime.types"))
        .expect("/etc/nginx/mime.types (make test installs nginx)");
    let d = dir.display();
    let conf = format!(
        "daemon off;\n\
         master_process off;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n\
             access_log off;\n\
             client_body_temp_path {d}/body;\n\
             proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fastcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n\
             scgi_temp_path {d}/scgi;\n\
             server {{\n\
                 listen 127.0.0.1:{port};\n\
                 include portal.conf;\n\
             }}\n\
         }}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).expect("write nginx.conf");
    let args = |test: bool| {
        let mut args = vec!["-p".into(), dir.as_os_str().to_owned()];
        args.extend(["-c".into(), dir.join("nginx.conf").into_os_string()]);
        args.extend(["-e".into(), dir.join("error.log").into_os_string()]);
        if test {
            args.push("-t".into());
        }
        args
    };
    let checked = Command::new(NGINX)
        .args(args(true))
        .output()
        .expect("nginx (make test installs it)");
    assert!(
        checked.status.success(),
        "nginx rejects {config}: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let nginx = Command::new(NGINX)
        .args(args(false))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx");
    (Process(nginx), prefix)
}

/// Caddy in the foreground serving `root` on `port` with `config` (a
/// generated Caddyfile, for the portal under `base`), its site address
/// and root replaced by the test's, without its admin endpoint; checked
/// first with `caddy validate`, as nginx with `-t`. Its configuration and
/// the files Caddy keeps are in the returned directory.
fn start_caddy(root: &Path, port: u16, config: &str, base: &str) -> (Process, tempfile::TempDir) {
    const CADDY: &str = "/usr/bin/caddy";
    let home = tempfile::tempdir().expect("temp dir for Caddy");
    let dir = home.path();
    let site = std::fs::read_to_string(config).expect(config);
    let (address, default_root) = (
        format!("\n{} {{\n", serving::caddy_host(base)),
        format!("root * {}\n", serving::caddy_root(base)),
    );
    assert!(
        site.contains(&address) && site.contains(&default_root),
        "{config} has no {address:?} or {default_root:?}"
    );
    let site = site
        .replace(&address, &format!("\nhttp://127.0.0.1:{port} {{\n"))
        .replace(&default_root, &format!("root * {}\n", root.display()));
    let file = dir.join("Caddyfile");
    std::fs::write(&file, format!("{{\n\tadmin off\n}}\n\n{site}")).expect("write the Caddyfile");
    let caddy = |command: &str| {
        let mut caddy = Command::new(CADDY);
        caddy
            .args([command, "--adapter", "caddyfile", "--config"])
            .arg(&file)
            .env("HOME", dir)
            .env("XDG_CONFIG_HOME", dir)
            .env("XDG_DATA_HOME", dir);
        caddy
    };
    let checked = caddy("validate")
        .output()
        .expect("caddy (make test installs it)");
    assert!(
        checked.status.success(),
        "Caddy rejects {config}: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let server = caddy("run")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("caddy");
    (Process(server), home)
}

impl Harness {
    /// Serves a private copy of `dist/` (tests may hide or replace files in
    /// it) with static-web-server and with nginx, and starts ChromeDriver.
    pub async fn start() -> Harness {
        let dist = Path::new("dist");
        assert!(
            dist.join("en/index.html").exists(),
            "dist/ is not built: run `make build` first"
        );
        let root = tempfile::tempdir().expect("temp dir");
        copy_dir(dist, root.path());
        let port = free_port();
        let server = Command::new("static-web-server")
            .args([
                "-w",
                "serve.toml",
                "-a",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-d",
            ])
            .arg(root.path())
            .arg("--page404")
            .arg(root.path().join("404.html"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("static-web-server on PATH (make test installs it)");
        let server = Process(server);
        let nginx_port = free_port();
        let (nginx, nginx_prefix) = start_nginx(
            root.path(),
            nginx_port,
            "deploy/nginx.conf",
            "/srv/portal/dist",
        );
        let caddy_port = free_port();
        let (caddy, caddy_home) = start_caddy(root.path(), caddy_port, "deploy/Caddyfile", "");
        let driver_port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver on PATH (make test installs it)");
        let driver = Process(driver);
        wait_for_port(port, "static-web-server");
        wait_for_port(nginx_port, "nginx");
        wait_for_port(caddy_port, "Caddy");
        wait_for_port(driver_port, "chromedriver");
        Harness {
            base: format!("http://127.0.0.1:{port}"),
            nginx_base: format!("http://127.0.0.1:{nginx_port}"),
            caddy_base: format!("http://127.0.0.1:{caddy_port}"),
            root,
            driver_url: format!("http://127.0.0.1:{driver_port}"),
            _server: server,
            _nginx: nginx,
            _nginx_prefix: nginx_prefix,
            _caddy: caddy,
            _caddy_home: caddy_home,
            _driver: driver,
        }
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `path` on `server`, which serves the same files.
    pub fn url_on(&self, server: Server, path: &str) -> String {
        match server {
            Server::StaticWebServer => self.url(path),
            Server::Nginx => format!("{}{path}", self.nginx_base),
            Server::Caddy => format!("{}{path}", self.caddy_base),
        }
    }

    /// The site built under the base path `/portal` (`make dist-portal`:
    /// the same Trunk build as `dist/`, prerendered again) served by
    /// `server` with its configuration for the base path
    /// (`deploy/nginx-portal.conf`, `deploy/Caddyfile-portal`), on a port
    /// of its own.
    pub fn serve_base_path(&self, server: Server) -> BasePathSite {
        const BASE: &str = "/portal";
        let built = std::fs::canonicalize(BASE_PATH_DIST)
            .unwrap_or_else(|e| panic!("{BASE_PATH_DIST}: {e}: run `make dist-portal` first"));
        let root = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(&built, root.path().join(&BASE[1..]))
            .expect("link the site under /portal");
        let port = free_port();
        let (server, prefix) = match server {
            Server::Nginx => start_nginx(
                root.path(),
                port,
                "deploy/nginx-portal.conf",
                serving::BASE_PATH_ROOT,
            ),
            Server::Caddy => start_caddy(root.path(), port, "deploy/Caddyfile-portal", BASE),
            Server::StaticWebServer => {
                panic!("static-web-server serves a site at the root of its host only")
            }
        };
        wait_for_port(port, "the server of the site under /portal");
        BasePathSite {
            origin: format!("http://127.0.0.1:{port}"),
            _server: server,
            _prefix: prefix,
            _root: root,
        }
    }

    /// A plain HTTP GET that follows no redirects.
    pub fn get(&self, url: &str, headers: &[(&str, &str)]) -> Response {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut request = agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Response {
            status,
            headers,
            body,
        }
    }

    /// Makes a served file and its precompressed twins unavailable until the
    /// guard is dropped.
    pub fn hide(&self, rel: &str) -> Restore {
        let mut moved = Vec::new();
        for suffix in ["", ".br", ".gz"] {
            let path = self.root().join(format!("{rel}{suffix}"));
            if path.exists() {
                let aside = self.root().join(format!("{rel}{suffix}.hidden-by-test"));
                std::fs::rename(&path, &aside).expect("hide file");
                moved.push((aside, path));
            }
        }
        Restore(moved)
    }

    /// Serves `text` in place of a file (without precompressed twins) until
    /// the guard is dropped.
    pub fn replace(&self, rel: &str, text: impl AsRef<[u8]>) -> Restore {
        let restore = self.hide(rel);
        let path = self.root().join(rel);
        std::fs::write(&path, text).expect("write replacement");
        touch(&path);
        restore
    }

    pub async fn browser(&self, js: JsMode) -> Browser {
        // A profile of our own, removed when the browser is dropped: the
        // one ChromeDriver makes in /tmp is left behind after every session.
        let profile = tempfile::tempdir().expect("temp dir for the browser profile");
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if js == JsMode::Off {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are an object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.driver_url)
            .await
            .expect("a WebDriver session in headless Chromium");
        Browser {
            client,
            _profile: profile,
        }
    }
}

pub struct Restore(Vec<(PathBuf, PathBuf)>);

impl Drop for Restore {
    fn drop(&mut self) {
        for (aside, original) in &self.0 {
            let _ = std::fs::remove_file(original);
            std::fs::rename(aside, original).expect("restore hidden file");
            touch(original);
        }
    }
}

/// Gives a swapped file a modification time later than any before it. The
/// server's `Last-Modified` has one-second resolution, so a file swapped
/// twice within a second would otherwise be revalidated as unchanged
/// (`304`) and the browser would keep the copy it cached.
fn touch(path: &std::path::Path) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SWAPS: AtomicU64 = AtomicU64::new(1);
    let later =
        std::time::SystemTime::now() + Duration::from_secs(SWAPS.fetch_add(1, Ordering::Relaxed));
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(later))
        .expect("set modification time");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsMode {
    On,
    Off,
}

pub struct Browser {
    pub client: Client,
    _profile: tempfile::TempDir,
}

/// A ChromeDriver command beyond the WebDriver standard.
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

impl Browser {
    /// Browser console entries at warning level or above since the last call.
    pub async fn take_logs(&self) -> Result<Vec<String>, String> {
        let logs = self
            .client
            .issue_cmd(ChromeCommand {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await
            .map_err(|e| format!("reading the browser log: {e}"))?;
        Ok(logs
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| matches!(e["level"].as_str(), Some("WARNING" | "SEVERE")))
            .map(|e| format!("{}: {}", e["level"], e["message"]))
            .collect())
    }

    /// Emulates the reader's `prefers-color-scheme` through the DevTools protocol.
    pub async fn color_scheme(&self, scheme: &str) -> Result<(), String> {
        self.client
            .issue_cmd(ChromeCommand {
                path: "goog/cdp/execute",
                body: json!({
                    "cmd": "Emulation.setEmulatedMedia",
                    "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] },
                }),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("emulating {scheme} mode: {e}"))
    }

    /// Emulates a viewport of `width`×`height` CSS pixels, below the
    /// smallest window size the browser allows.
    pub async fn viewport(&self, width: u32, height: u32) -> Result<(), String> {
        self.client
            .issue_cmd(ChromeCommand {
                path: "goog/cdp/execute",
                body: json!({
                    "cmd": "Emulation.setDeviceMetricsOverride",
                    "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 768 },
                }),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("emulating a {width} px viewport: {e}"))
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A page on another origin (its own port on 127.0.0.1), as a news site
/// that embeds widgets: `/` (and any path not among its files) is `html`,
/// sent with the given Content-Security-Policy. Stops when dropped.
pub struct HostPage {
    pub url: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    port: u16,
}

/// A file a host page serves besides itself: its path, content type and
/// content.
pub struct HostFile {
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: String,
}

impl HostPage {
    pub fn serve(html: String, csp: String) -> HostPage {
        HostPage::serve_with(html, csp, Vec::new())
    }

    /// The page and its own `files` (a news site's scripts).
    pub fn serve_with(html: String, csp: String, files: Vec<HostFile>) -> HostPage {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the host page's port");
        let port = listener.local_addr().expect("local address").port();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
                let mut request = String::new();
                let _ = reader.read_line(&mut request);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split(' ').nth(1).unwrap_or("/");
                let (content_type, body) = files
                    .iter()
                    .find(|f| f.path == path)
                    .map_or(("text/html; charset=utf-8", &html), |f| {
                        (f.content_type, &f.body)
                    });
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\
                     Content-Security-Policy: {csp}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        HostPage {
            url: format!("http://127.0.0.1:{port}/"),
            stop,
            port,
        }
    }
}

impl Drop for HostPage {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}
