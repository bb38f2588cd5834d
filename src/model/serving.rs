//! How the built site is served, in one place: the response headers by
//! path, and the configuration of each server written from them.
//!
//! [`static_web_server`] writes `serve.toml` (`make serve`, the end-to-end
//! tests), [`nginx`] `deploy/nginx.conf` ([`nginx_under`] a base path:
//! `deploy/nginx-portal.conf`), [`caddy`] `deploy/Caddyfile` ([`caddy_under`]
//! a base path: `deploy/Caddyfile-portal`),
//! [`headers_file`] `deploy/_headers` (Netlify, Cloudflare Pages) and
//! [`readme_table`] the README's table. `tests/serving.rs` fails when a
//! committed copy differs from what these write, and rewrites them all with
//! `UPDATE_SERVING=1 cargo test --features ssr --test serving`.
//!
//! Besides the headers, every server serves the `.br` and `.gz` twins the
//! build writes next to each text file, redirects a directory's path to the
//! path with a trailing slash, and answers a missing path with
//! [`NOT_FOUND_PAGE`] and status 404.

/// The page a missing path gets, with status 404.
pub const NOT_FOUND_PAGE: &str = "/404.html";

/// Revalidation before every reuse: for files that keep their names across
/// releases (the pages, `boot.js`, the data files at their stable names).
pub const REVALIDATE: &str = "no-cache";

/// A year without asking again: for files whose content never changes under
/// their names.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// What the hosts that read `_headers` send when no rule sets
/// `Cache-Control`, and what [`REVALIDATE`] means to a browser: Netlify and
/// Cloudflare Pages both send it by default.
pub const HOST_DEFAULT_CACHE_CONTROL: &str = "public, max-age=0, must-revalidate";

/// The files Trunk names after their content, `{stem}-{hash}…` at the root:
/// the wasm and its JavaScript glue (the crate, `data-target-name` in
/// `index.html`), the style sheets and the icon (their file names there).
/// `tests/serving.rs` checks this list against `index.html`.
pub const HASHED_STEMS: [&str; 5] = ["portal", "main", "components", "print", "favicon"];

/// Which request paths a rule applies to. Two rules' paths either nest or
/// do not meet, so every path has one most specific rule, as nginx's
/// locations need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// Every path, missing ones included.
    All,
    /// Every path under a directory, written with both slashes: `/data/`.
    Under(&'static str),
    /// One path.
    Exact(&'static str),
    /// The files of [`HASHED_STEMS`]: `/portal-6868943d55c6cad3_bg.wasm`.
    Hashed,
}

/// Headers for some paths. Where several rules apply to a path, each sets
/// its headers in turn, so the later rule's value of a header wins.
#[derive(Debug)]
pub struct Rule {
    pub paths: Paths,
    /// What the paths hold and why these headers: the comment above the rule
    /// in every generated file and its line in the README.
    pub why: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
}

const PORTAL_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const WIDGET_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *";

/// The headers, in order.
pub const RULES: &[Rule] = &[
    Rule {
        paths: Paths::All,
        why: "Every response: security headers, and revalidation before reuse (HTML, boot.js and the data files keep their names across releases).",
        headers: &[
            ("Cache-Control", REVALIDATE),
            ("Content-Security-Policy", PORTAL_CSP),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            (
                "Permissions-Policy",
                "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ],
    },
    Rule {
        paths: Paths::Under("/embed/"),
        why: "Widget pages, made to be framed by any site: they run only their own small script and load nothing from elsewhere; their oEmbed documents may be read by any site's editor.",
        headers: &[
            ("Content-Security-Policy", WIDGET_CSP),
            ("Access-Control-Allow-Origin", "*"),
        ],
    },
    Rule {
        paths: Paths::Exact("/embed.js"),
        why: "The host script for pages that embed widgets: loaded from any site.",
        headers: &[
            ("Access-Control-Allow-Origin", "*"),
            ("Cross-Origin-Resource-Policy", "cross-origin"),
        ],
    },
    Rule {
        paths: Paths::Under("/data/"),
        why: "The data files (exports, the release index and archive, the Data Package): public and read-only, so scripts and notebooks on any site may read them.",
        headers: &[
            ("Access-Control-Allow-Origin", "*"),
            ("Cross-Origin-Resource-Policy", "cross-origin"),
        ],
    },
    Rule {
        paths: Paths::Hashed,
        why: "Assets whose names carry a hash of their content never change: cached for a year.",
        headers: &[("Cache-Control", IMMUTABLE)],
    },
    Rule {
        paths: Paths::Under("/cards/"),
        why: "Share cards (the pictures of link previews), named by a fingerprint of what they show and what draws them: a changed card gets a new name, so each is cached for a year.",
        headers: &[("Cache-Control", IMMUTABLE)],
    },
    Rule {
        paths: Paths::Under("/data/releases/"),
        why: "An archived release never changes (the exporter refuses to replace one): cached for a year. The index and the latest files at the stable names change with every release and keep the revalidation above.",
        headers: &[("Cache-Control", IMMUTABLE)],
    },
];

impl Paths {
    /// Whether every path this matches is matched by `outer` too.
    pub fn within(self, outer: Paths) -> bool {
        match (self, outer) {
            (_, Paths::All) => true,
            (Paths::All, _) => false,
            (Paths::Under(inner), Paths::Under(outer)) => inner.starts_with(outer),
            (Paths::Exact(path), Paths::Under(dir)) => path.starts_with(dir),
            (Paths::Exact(path), Paths::Exact(other)) => path == other,
            (Paths::Exact(path), Paths::Hashed) => is_hashed(path),
            (Paths::Hashed, Paths::Hashed) => true,
            // Hashed files are at the root; `Under` is a directory below it.
            (Paths::Under(_) | Paths::Hashed, _) => false,
        }
    }

    /// Whether a request for `path` gets this rule.
    ///
    /// ```
    /// use portal::model::serving::Paths;
    /// assert!(Paths::Hashed.matches("/portal-6868943d55c6cad3_bg.wasm"));
    /// assert!(!Paths::Hashed.matches("/boot.js"));
    /// assert!(Paths::Under("/data/").matches("/data/releases/2026-W02/export.csv"));
    /// ```
    pub fn matches(self, path: &str) -> bool {
        match self {
            Paths::All => true,
            Paths::Under(dir) => path.starts_with(dir),
            Paths::Exact(exact) => path == exact,
            Paths::Hashed => is_hashed(path),
        }
    }

    fn overlaps(self, other: Paths) -> bool {
        self.within(other) || other.within(self)
    }

    /// The rule's paths in words, for the README.
    fn describe(self) -> String {
        match self {
            Paths::All => "every path".to_owned(),
            Paths::Under(dir) => format!("`{dir}…`"),
            Paths::Exact(path) => format!("`{path}`"),
            Paths::Hashed => {
                let names: Vec<String> = HASHED_STEMS.iter().map(|s| format!("`/{s}-…`")).collect();
                names.join(", ")
            }
        }
    }
}

fn is_hashed(path: &str) -> bool {
    path.strip_prefix('/').is_some_and(|name| {
        !name.contains('/')
            && HASHED_STEMS.iter().any(|stem| {
                name.strip_prefix(stem)
                    .is_some_and(|rest| rest.starts_with('-'))
            })
    })
}

/// The headers a path matched by `paths` gets: those of every rule whose
/// paths contain it, in order, a later value of a header replacing an
/// earlier one in its place.
pub fn headers_for(paths: Paths) -> Vec<(&'static str, &'static str)> {
    let mut headers: Vec<(&'static str, &'static str)> = Vec::new();
    for rule in RULES.iter().filter(|rule| paths.within(rule.paths)) {
        for &(name, value) in rule.headers {
            match headers
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                Some(set) => set.1 = value,
                None => headers.push((name, value)),
            }
        }
    }
    headers
}

/// The rules whose paths lie inside `rule`'s, which take those paths from it.
fn inner_rules(rule: &Rule) -> impl Iterator<Item = &'static Rule> + '_ {
    RULES
        .iter()
        .filter(move |r| r.paths != rule.paths && r.paths.within(rule.paths))
}

const GENERATED: &str = "Generated from src/model/serving.rs by `UPDATE_SERVING=1 cargo test --features ssr --test serving`: change the rules there, not here.";

/// `text` as comment lines of at most 78 characters, each starting with
/// `prefix` (`# ` and an indent).
fn comment(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && prefix.len() + line.len() + 1 + word.len() > 78 {
            out.push_str(&format!("{prefix}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{prefix}{line}\n"));
    }
    out
}

/// `serve.toml`, static-web-server's configuration. Address, port, root and
/// 404 page come from its command line. It applies every matching rule in
/// order, as [`RULES`] are meant.
pub fn static_web_server() -> String {
    let mut out = comment(GENERATED, "# ");
    out.push_str(&comment(
        "static-web-server, for `make serve` and the end-to-end tests. Address, port, root and the 404 page come from the command line: `make serve` passes 127.0.0.1:8080, dist/ and dist/404.html; the tests their own.",
        "# ",
    ));
    out.push_str(
        "\n[general]\n\
         log-level = \"warn\"\n\
         # The build precompresses every text file (FILE.br, FILE.gz): serve those.\n\
         compression = false\n\
         compression-static = true\n\
         directory-listing = false\n\
         redirect-trailing-slash = true\n\
         cache-control-headers = false\n\
         security-headers = false\n\
         \n[advanced]\n",
    );
    for rule in RULES {
        let source = match rule.paths {
            // A glob whose `*` matches `/` too: static-web-server's header
            // sources are compiled without `literal_separator`.
            Paths::All => "**".to_owned(),
            Paths::Under(dir) => format!("{dir}**"),
            Paths::Exact(path) => path.to_owned(),
            Paths::Hashed => format!("/{{{}}}-*", HASHED_STEMS.join(",")),
        };
        out.push('\n');
        out.push_str(&comment(rule.why, "# "));
        out.push_str(&format!(
            "[[advanced.headers]]\nsource = \"{source}\"\n[advanced.headers.headers]\n"
        ));
        for (name, value) in rule.headers {
            out.push_str(&format!("{name} = \"{value}\"\n"));
        }
    }
    out
}

/// `deploy/nginx.conf`: what goes inside the site's `server { }` block.
/// nginx's `add_header` in a location drops every header set outside it,
/// so each location repeats the headers its paths get from every rule.
pub fn nginx() -> String {
    nginx_under("")
}

/// Where [`nginx_under`] and [`caddy_under`] serve the site under a base
/// path from: the build's `dist/` is copied to this folder followed by the
/// base path.
pub const BASE_PATH_ROOT: &str = "/srv/www";

/// The nginx configuration of the portal served under `base` (a checked
/// base path, [`super::base_path::base_path`]): [`nginx`] for the root of
/// the host; under a base path, one `location {base}/` with every setting
/// and rule inside it, so that the rest of the host's site keeps its own
/// (`deploy/nginx-portal.conf` for `/portal`).
pub fn nginx_under(base: &str) -> String {
    let mut out = comment(GENERATED, "# ");
    let (about, root, indent) = match base {
        "" => (
            "The portal for nginx: `include` this file inside your `server { }` block, which keeps its own `listen`, `server_name` and TLS settings. From Debian packages: nginx and libnginx-mod-http-brotli-static (for brotli_static).".to_owned(),
            "/srv/portal/dist".to_owned(),
            "",
        ),
        base => (
            format!("The portal under {base}/ on a host that serves other pages too, built with BASE_PATH={base}: `include` this file inside your `server {{ }}` block, and copy the build's dist/ to {BASE_PATH_ROOT}{base}/ (nginx finds a file at the root followed by its path). Nothing outside {base}/ is changed. From Debian packages: nginx and libnginx-mod-http-brotli-static (for brotli_static)."),
            BASE_PATH_ROOT.to_owned(),
            "    ",
        ),
    };
    out.push_str(&comment(&about, "# "));
    let settings = format!(
        "root {root};\n\
         index index.html;\n\
         # The build writes FILE.br and FILE.gz beside every text file.\n\
         brotli_static on;\n\
         gzip_static on;\n\
         gzip_vary on;\n\
         # nginx's types and CSV, which they lack: a `types` block of its own\n\
         # would replace the map inherited from `http {{ }}`.\n\
         include mime.types;\n\
         types {{\n    text/csv csv;\n}}\n\
         charset utf-8;\n\
         charset_types text/css text/csv text/plain text/xml;\n\
         # A directory's path without its slash answers 301 (static-web-server:\n\
         # 308) with a Location relative to this host.\n\
         absolute_redirect off;\n\
         error_page 404 {base}{NOT_FOUND_PAGE};\n"
    );
    out.push('\n');
    if !base.is_empty() {
        out.push_str(&comment(
            "The portal's own settings, its headers and, nested, the rules of its paths.",
            "# ",
        ));
        out.push_str(&format!("location {base}/ {{\n"));
    }
    for line in settings.lines() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    for rule in RULES {
        let location = match rule.paths {
            Paths::All if !base.is_empty() => None,
            Paths::All => Some(format!("location {base}/")),
            Paths::Under(dir) => Some(format!("location {base}{dir}")),
            Paths::Exact(path) => Some(format!("location = {base}{path}")),
            Paths::Hashed => Some(format!(
                "location ~ \"^{base}/({})-\"",
                HASHED_STEMS.join("|")
            )),
        };
        let headers = headers_for(rule.paths)
            .into_iter()
            .map(|(name, value)| format!("add_header {name} \"{value}\" always;"));
        match location {
            Some(location) => {
                out.push('\n');
                out.push_str(&comment(rule.why, &format!("{indent}# ")));
                out.push_str(&format!("{indent}{location} {{\n"));
                for header in headers {
                    out.push_str(&format!("{indent}    {header}\n"));
                }
                out.push_str(&format!("{indent}}}\n"));
            }
            None => {
                out.push('\n');
                out.push_str(&comment(rule.why, &format!("{indent}# ")));
                for header in headers {
                    out.push_str(&format!("{indent}{header}\n"));
                }
            }
        }
    }
    if !base.is_empty() {
        out.push_str(&format!(
            "}}\n\n# The base path without its slash: to the portal's home.\n\
             location = {base} {{\n    absolute_redirect off;\n    return 301 {base}/;\n}}\n"
        ));
    }
    out
}

/// The Caddyfile path matchers of `paths`.
fn caddy_paths(paths: Paths) -> Vec<String> {
    match paths {
        Paths::All => Vec::new(),
        Paths::Under(dir) => vec![format!("{dir}*")],
        Paths::Exact(path) => vec![path.to_owned()],
        Paths::Hashed => HASHED_STEMS.iter().map(|s| format!("/{s}-*")).collect(),
    }
}

/// `deploy/Caddyfile`: the portal at the root of its host.
pub fn caddy() -> String {
    caddy_under("")
}

/// The host name in the Caddyfiles' site addresses, for the operator to
/// replace: the portal's own host, or (under a base path) the host whose
/// other pages it joins.
pub fn caddy_host(base: &str) -> &'static str {
    match base {
        "" => "portal.example",
        _ => "news.example",
    }
}

/// Where the Caddyfiles serve the site from: the root of the host's files,
/// as [`nginx`]'s, or (under a base path) [`BASE_PATH_ROOT`], to which
/// the build's `dist/` is copied followed by the base path.
pub fn caddy_root(base: &str) -> &'static str {
    match base {
        "" => "/srv/portal/dist",
        _ => BASE_PATH_ROOT,
    }
}

/// The Caddyfile of the portal served under `base` (a checked base path,
/// [`super::base_path::base_path`]): [`caddy`] for the root of the host;
/// under a base path, `deploy/Caddyfile-portal` for `/portal`: the files,
/// headers and rules in one `handle {base}/*` with every path matcher
/// under the base, the 404 page for the missing paths under the base only,
/// and the base without its slash redirected, so that the rest of the
/// host's site keeps its own. Caddy sorts same-named directives by their
/// matchers rather than keeping them in order, so each rule's matcher
/// leaves out the paths of the rules inside it, and sets every header
/// those paths get.
pub fn caddy_under(base: &str) -> String {
    let mut out = comment(GENERATED, "# ");
    let host = caddy_host(base);
    let root = caddy_root(base);
    let about = match base {
        "" => format!("The portal for Caddy: replace {host} by the site's host name (Caddy gets its certificate) and the root by where dist/ is."),
        base => format!("The portal under {base}/ on a host that serves other pages too, built with BASE_PATH={base}: copy the build's dist/ to {root}{base}/ (Caddy finds a file at the root followed by its path), and put the lines of the site block below into your own site block for {host}, beside its other routes (merge the handle_errors block into yours if you have one). Nothing outside {base}/ is changed."),
    };
    out.push_str(&comment(&about, "# "));
    out.push_str(&format!("\n{host} {{\n"));
    let indent = match base {
        "" => "\t",
        base => {
            out.push_str(&format!(
                "\t# The base path without its slash: to the portal's home.\n\
                 \tredir {base} {base}/ 308\n\
                 \n\
                 \t# The portal's files, its headers and the rules of its paths.\n\
                 \thandle {base}/* {{\n"
            ));
            "\t\t"
        }
    };
    let file_server = |indent: &str| {
        format!("{indent}file_server {{\n{indent}\tprecompressed br gzip\n{indent}}}\n")
    };
    out.push_str(&format!(
        "{indent}root * {root}\n\
         {indent}# The build writes FILE.br and FILE.gz beside every text file. A\n\
         {indent}# directory's path without its slash answers 308.\n{}",
        file_server(indent)
    ));
    let missing = |out: &mut String| {
        out.push_str("\thandle_errors {\n");
        match base {
            "" => out.push_str("\t\t@missing expression {err.status_code} == 404\n"),
            base => out.push_str(&format!(
                "\t\t# The portal's missing pages only.\n\
                 \t\t@missing {{\n\
                 \t\t\texpression {{err.status_code}} == 404\n\
                 \t\t\tpath {base}/*\n\
                 \t\t}}\n"
            )),
        }
        out.push_str("\t\thandle @missing {\n");
        if !base.is_empty() {
            out.push_str(&format!("\t\t\troot * {root}\n"));
        }
        out.push_str(&format!(
            "\t\t\trewrite * {base}{NOT_FOUND_PAGE}\n{}\t\t}}\n\t}}\n",
            file_server("\t\t\t")
        ));
    };
    if base.is_empty() {
        missing(&mut out);
    }
    let under = |paths: Vec<String>| -> Vec<String> {
        paths.into_iter().map(|p| format!("{base}{p}")).collect()
    };
    for rule in RULES {
        let name = caddy_matcher_name(rule.paths);
        let own = under(caddy_paths(rule.paths));
        let inner = under(
            inner_rules(rule)
                .flat_map(|r| caddy_paths(r.paths))
                .collect(),
        );
        out.push('\n');
        out.push_str(&comment(rule.why, &format!("{indent}# ")));
        out.push_str(&format!("{indent}@{name} {{\n"));
        if !own.is_empty() {
            out.push_str(&format!("{indent}\tpath {}\n", own.join(" ")));
        }
        if !inner.is_empty() {
            out.push_str(&format!("{indent}\tnot path {}\n", inner.join(" ")));
        }
        out.push_str(&format!("{indent}}}\n{indent}header @{name} {{\n"));
        for (name, value) in headers_for(rule.paths) {
            out.push_str(&format!("{indent}\t{name} \"{value}\"\n"));
        }
        out.push_str(&format!("{indent}}}\n"));
    }
    if !base.is_empty() {
        out.push_str("\t}\n\n");
        missing(&mut out);
    }
    out.push_str("}\n");
    out
}

fn caddy_matcher_name(paths: Paths) -> String {
    match paths {
        Paths::All => "everything".to_owned(),
        Paths::Hashed => "hashed".to_owned(),
        Paths::Under(path) | Paths::Exact(path) => path
            .trim_matches('/')
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect(),
    }
}

/// The `_headers` patterns of `paths`: `*` matches anything, `/` included.
fn headers_file_paths(paths: Paths) -> Vec<String> {
    match paths {
        Paths::All => vec!["/*".to_owned()],
        Paths::Under(dir) => vec![format!("{dir}*")],
        Paths::Exact(path) => vec![path.to_owned()],
        Paths::Hashed => HASHED_STEMS.iter().map(|s| format!("/{s}-*")).collect(),
    }
}

/// Whether `_headers` leaves the header to the host, which sends the same
/// meaning by default ([`HOST_DEFAULT_CACHE_CONTROL`]). Left out, no rule
/// has a `Cache-Control` that a host joining matching rules could add to
/// the year of the hashed assets and archived releases.
fn left_to_the_host(name: &str, value: &str) -> bool {
    name.eq_ignore_ascii_case("Cache-Control") && value == REVALIDATE
}

/// `deploy/_headers`, for Netlify and Cloudflare Pages: a request gets the
/// headers of every rule that matches it. Cloudflare joins two values of a
/// header with a comma, which for `Content-Security-Policy` enforces both
/// policies; a `! Name` line in a later rule removes what the earlier rules
/// set. Netlify's parser skips such a line (it has no colon).
pub fn headers_file() -> String {
    let mut out = comment(GENERATED, "# ");
    out.push_str(&comment(
        "Netlify and Cloudflare Pages: copy into dist/ before deploying it. Cache-Control is left to the host where the other servers send no-cache: both hosts send `public, max-age=0, must-revalidate` by default, which means the same, and so no rule's Cache-Control is ever joined with the year of the hashed assets and archived releases.",
        "# ",
    ));
    let mut set: Vec<(Paths, &str)> = Vec::new();
    for rule in RULES {
        let headers: Vec<&(&str, &str)> = rule
            .headers
            .iter()
            .filter(|(name, value)| !left_to_the_host(name, value))
            .collect();
        if headers.is_empty() {
            continue;
        }
        let mut block = String::new();
        for (name, value) in headers {
            if set
                .iter()
                .any(|(paths, n)| paths.overlaps(rule.paths) && n.eq_ignore_ascii_case(name))
            {
                block.push_str(&format!("  ! {name}\n"));
            }
            block.push_str(&format!("  {name}: {value}\n"));
            set.push((rule.paths, name));
        }
        out.push('\n');
        out.push_str(&comment(rule.why, "# "));
        for pattern in headers_file_paths(rule.paths) {
            out.push_str(&format!("{pattern}\n{block}"));
        }
    }
    out
}

/// The README's table of the headers by path.
pub fn readme_table() -> String {
    let mut out = String::from("| paths | headers | why |\n|---|---|---|\n");
    for rule in RULES {
        let headers: Vec<String> = rule
            .headers
            .iter()
            .map(|(name, value)| {
                if left_to_the_host(name, value) {
                    format!("`{name}: {value}` (`_headers`: the host's default, `{HOST_DEFAULT_CACHE_CONTROL}`)")
                } else {
                    format!("`{name}: {value}`")
                }
            })
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            rule.paths.describe(),
            headers.join("; "),
            rule.why
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_nest_or_do_not_meet() {
        for (i, a) in RULES.iter().enumerate() {
            match a.paths {
                Paths::Under(dir) => assert!(
                    dir.len() > 1 && dir.starts_with('/') && dir.ends_with('/'),
                    "{dir}"
                ),
                Paths::Exact(path) => assert!(path.starts_with('/') && !path.ends_with('/')),
                Paths::All | Paths::Hashed => {}
            }
            for b in &RULES[i + 1..] {
                assert_ne!(a.paths, b.paths, "one rule per set of paths");
            }
        }
        for path in [
            "/",
            "/en/statistics/",
            "/embed/en/trend/",
            "/embed.js",
            "/data/export.csv",
            "/data/releases/2026-W02/export.json",
            "/portal-6868943d55c6cad3_bg.wasm",
            "/main-1c668a50b338983e.css",
        ] {
            let matching: Vec<Paths> = RULES
                .iter()
                .map(|r| r.paths)
                .filter(|p| p.matches(path))
                .collect();
            for a in &matching {
                for b in &matching {
                    assert!(a.overlaps(*b), "{path}: {a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn a_path_gets_the_headers_of_every_rule_around_it() {
        let get = |paths, name: &str| {
            headers_for(paths)
                .into_iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v)
        };
        assert_eq!(get(Paths::All, "Cache-Control"), Some(REVALIDATE));
        assert_eq!(get(Paths::Hashed, "Cache-Control"), Some(IMMUTABLE));
        assert_eq!(
            get(Paths::Hashed, "X-Content-Type-Options"),
            Some("nosniff")
        );
        let releases = Paths::Under("/data/releases/");
        assert_eq!(get(releases, "Cache-Control"), Some(IMMUTABLE));
        assert_eq!(get(releases, "Access-Control-Allow-Origin"), Some("*"));
        assert_eq!(
            get(Paths::Under("/embed/"), "Content-Security-Policy"),
            Some(WIDGET_CSP)
        );
        assert_eq!(
            get(Paths::Exact("/embed.js"), "Content-Security-Policy"),
            Some(PORTAL_CSP)
        );
    }

    #[test]
    fn headers_file_never_sets_a_header_twice_without_detaching_it() {
        let file = headers_file();
        assert!(
            !file.contains(&format!("Cache-Control: {REVALIDATE}")),
            "{file}"
        );
        assert!(file.contains(
            "/embed/*\n  ! Content-Security-Policy\n  Content-Security-Policy: default-src 'none'"
        ));
        assert_eq!(file.matches("  ! ").count(), 1, "{file}");
        assert!(file
            .contains("/data/releases/*\n  Cache-Control: public, max-age=31536000, immutable\n"));
    }

    #[test]
    fn values_need_no_quoting_in_any_server() {
        for rule in RULES {
            for (name, value) in rule.headers {
                assert!(
                    !value.contains(['"', '\\', '$', '{', '}', '\n']),
                    "{name}: {value}"
                );
            }
        }
    }
}
