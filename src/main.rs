//! The `aseic` command: serve the site, or check its content.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::time::Duration;

use aseic::content::{
    Checked, CitedSource, ContentSource, FILES, Translated, link_check, load, load_checked, scaffold, schema,
};
use aseic::render::assets::Assets;
use aseic::render::render_site;
use aseic::server::Options;
use aseic::server::acme::{self, AcmeOptions};
use aseic::server::tls::TlsFiles;
use aseic::site::Date;
use aseic::web::export::export as write_export;
use aseic::web::made_pages::PerSecond;
use aseic::web::proxy::{self, TrustedProxies};
use aseic::web::state::{AppState, LoadError};
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// mimalloc rather than the C library's allocator: a search makes and
/// drops many small values, which mimalloc serves in half the time
/// (`bench/RESULTS.md`, "Third look").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The website of ASEIC, the ASEM SMEs Eco-Innovation Center.
///
/// With no command, `aseic` serves the site.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
    /// How log lines are written: `text` for people, `json` (one object a
    /// line) for log collectors. Levels come from RUST_LOG (default: info).
    #[arg(long, env = "ASEIC_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site over HTTP or HTTPS (the default).
    Serve(Box<ServeArgs>),
    /// Check the content files and report every problem, without serving.
    Check(CheckArgs),
    /// Write the whole site as static files, for a static host or CDN.
    Export(ExportArgs),
    /// Write a JSON Schema of each kind of content file, for editors' tools.
    Schema(SchemaArgs),
    /// Start a new page or news item: a file with its front matter filled in.
    New(NewArgs),
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    content: ContentArgs,
    /// Also visit every link out of the site (HEAD, then GET, following up
    /// to 10 redirects), and report each broken one at its file and line;
    /// exit 1 if any is broken, 3 if none could be reached (offline).
    #[arg(long)]
    links: bool,
    /// How long, in seconds, each link out of the site may take to answer.
    #[arg(long, value_name = "SECONDS", default_value_t = link_check::TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=300))]
    link_timeout: u64,
    /// List every source due for checking (its `checked` date older than
    /// `stale_after_months` in site.toml), oldest first.
    #[arg(long)]
    stale: bool,
    /// Say how much of each translation is done, and list every text it
    /// lacks (shown in the default language meanwhile).
    #[arg(long)]
    translations: bool,
}

#[derive(Args)]
struct SchemaArgs {
    /// The folder to write the schemas into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Args)]
struct NewArgs {
    #[command(subcommand)]
    what: NewCommand,
    /// The content folder to write into.
    #[arg(long, env = "ASEIC_CONTENT", value_name = "DIR", default_value = "content", global = true)]
    content: PathBuf,
}

#[derive(Subcommand)]
enum NewCommand {
    /// A page at /PATH: writes content/pages/PATH.md.
    Page {
        /// The page's address without the first slash, such as contact or programme/2027.
        path: String,
    },
    /// A news item dated today (in the site's time_zone): writes content/news/SLUG.md, the slug made from the title.
    News {
        /// The headline, such as "ASEIC at the ASEM Summit".
        title: String,
    },
}

#[derive(Args)]
struct ExportArgs {
    /// The folder to write the site into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("https").args(["tls_cert", "acme_domains"]).multiple(true))]
struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, env = "ASEIC_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    content: ContentArgs,
    /// Serve HTTPS on --addr with this certificate chain (PEM). Reloaded on SIGHUP.
    #[arg(long, env = "ASEIC_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, env = "ASEIC_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve HTTPS on --addr with a certificate for this name from an ACME
    /// server (Let's Encrypt by default), got and renewed on its own; repeat
    /// the flag, or separate names with commas, for more names.
    #[arg(long = "acme-domain", env = "ASEIC_ACME_DOMAINS", value_name = "NAME", value_delimiter = ',',
          value_parser = acme::parse_domain, conflicts_with_all = ["tls_cert", "tls_key"])]
    acme_domains: Vec<String>,
    /// Where the ACME server may write about the account, such as
    /// mailto:webmaster@example.org (repeat the flag for more).
    #[arg(long = "acme-contact", env = "ASEIC_ACME_CONTACT", value_name = "URI", value_delimiter = ',',
          value_parser = parse_contact, requires = "acme_domains")]
    acme_contact: Vec<String>,
    /// The ACME server's directory.
    #[arg(long, env = "ASEIC_ACME_DIRECTORY", value_name = "URL", default_value = acme::LETS_ENCRYPT,
          requires = "acme_domains")]
    acme_directory: String,
    /// Use Let's Encrypt's staging directory (untrusted certificates, for trying things out).
    #[arg(long, env = "ASEIC_ACME_STAGING", requires = "acme_domains", conflicts_with = "acme_directory")]
    acme_staging: bool,
    /// The folder for the ACME account and certificates (made with mode 0700).
    #[arg(long, env = "ASEIC_ACME_CACHE", value_name = "DIR", default_value = "acme")]
    acme_cache: PathBuf,
    /// A root certificate (PEM) to trust, besides the system's, for the
    /// ACME server's own HTTPS, such as a test server's.
    #[arg(long, env = "ASEIC_ACME_DIRECTORY_CA", value_name = "FILE", requires = "acme_domains")]
    acme_directory_ca: Option<PathBuf>,
    /// Also listen on this address for plain HTTP, and redirect it to HTTPS
    /// (with ACME, it answers HTTP-01 challenges too).
    #[arg(long, env = "ASEIC_HTTP_REDIRECT", value_name = "ADDR", requires = "https")]
    http_redirect: Option<SocketAddr>,
    /// Serve Prometheus metrics at http://ADDR/metrics, apart from the site.
    #[arg(long, env = "ASEIC_METRICS_ADDR", value_name = "ADDR")]
    metrics_addr: Option<SocketAddr>,
    /// Believe X-Forwarded-For and X-Forwarded-Proto from these addresses or
    /// networks (repeat the flag, or separate them with commas).
    #[arg(long = "trusted-proxy", env = "ASEIC_TRUSTED_PROXIES", value_name = "CIDR", value_delimiter = ',',
          value_parser = proxy::parse_network)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Seconds a client may take over its TLS handshake and over each
    /// request head, and may stay idle between requests, before it is cut off.
    #[arg(long, env = "ASEIC_CLIENT_TIMEOUT", value_name = "SECONDS", default_value_t = aseic::server::CLIENT_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    client_timeout: u64,
    /// Seconds an answer may wait for the client to take any of it (a client
    /// that stops reading, or an HTTP/2 client that never opens its
    /// window) before the connection is closed hard. Default: twice
    /// --client-timeout.
    #[arg(long, env = "ASEIC_SEND_TIMEOUT", value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    send_timeout: Option<u64>,
    /// How many connections one address (an IPv6 /64 counts as one) may
    /// hold open; past it, a new one is closed at once. A --trusted-proxy
    /// has no cap.
    #[arg(long, env = "ASEIC_MAX_CONNECTIONS_PER_IP", value_name = "N", default_value_t = 128,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_connections_per_ip: u64,
    /// Do not watch the content folder for changes; reload on SIGHUP only.
    #[arg(long, env = "ASEIC_NO_WATCH")]
    no_watch: bool,
    /// How many pages made per request (searches, filtered directories, SME
    /// checks) each client address may ask for a second, such as 10/s;
    /// past it, 429 with Retry-After. No limit by default.
    #[arg(long, env = "ASEIC_RATE_LIMIT_PER_IP", value_name = "N/s")]
    rate_limit_per_ip: Option<PerSecond>,
    /// The editors' preview: show drafts, list the content's problems on
    /// every page, and reload each page when the content changes.
    #[arg(long, env = "ASEIC_PREVIEW")]
    preview: bool,
}

impl ServeArgs {
    fn options(&self) -> Options {
        Options {
            addr: self.addr,
            tls: self.tls_cert.clone().zip(self.tls_key.clone()).map(|(cert, key)| TlsFiles { cert, key }),
            acme: (!self.acme_domains.is_empty()).then(|| AcmeOptions {
                domains: self.acme_domains.clone(),
                contact: self.acme_contact.clone(),
                directory: if self.acme_staging { acme::LETS_ENCRYPT_STAGING } else { &self.acme_directory }.to_owned(),
                directory_ca: self.acme_directory_ca.clone(),
                cache: self.acme_cache.clone(),
            }),
            http_redirect: self.http_redirect,
            metrics_addr: self.metrics_addr,
            trusted_proxies: TrustedProxies::new(self.trusted_proxies.clone()),
            client_timeout: Duration::from_secs(self.client_timeout),
            send_timeout: Duration::from_secs(self.send_timeout.unwrap_or(2 * self.client_timeout)),
            max_connections_per_ip: usize::try_from(self.max_connections_per_ip).unwrap_or(usize::MAX),
            request_timeout: aseic::server::REQUEST_TIMEOUT,
            watch: !self.no_watch,
            rate_limit_per_ip: self.rate_limit_per_ip,
        }
    }
}

/// An ACME contact: a `mailto:` address; a bare e-mail address gets `mailto:`.
fn parse_contact(value: &str) -> Result<String, String> {
    let address = value.strip_prefix("mailto:").unwrap_or(value);
    match address.split_once('@') {
        Some((user, domain)) if !user.is_empty() && domain.contains('.') && !address.contains(char::is_whitespace) => {
            Ok(format!("mailto:{address}"))
        }
        _ => Err(format!("{value:?} is not an e-mail address (such as mailto:webmaster@example.org)")),
    }
}

#[derive(Args)]
struct ContentArgs {
    /// A folder of content files to use instead of the content built into
    /// the binary. `check`, `export` and `serve --preview` use ./content
    /// when there is one, as an editor working in the repository expects.
    #[arg(long, env = "ASEIC_CONTENT", value_name = "DIR")]
    content: Option<PathBuf>,
}

/// The folder an editor's commands act on when they stand in a site's folder.
const CONTENT_HERE: &str = "./content";

impl ContentArgs {
    /// For serving: `--content`, or the content built into the binary.
    fn source(&self) -> ContentSource {
        self.content.clone().map_or(ContentSource::BuiltIn, ContentSource::Dir)
    }

    /// For an editor's commands: `--content`, else `./content` when it
    /// is a folder, as Zola and Hugo act on the site where they stand;
    /// else the content built into the binary, said in one line.
    fn source_here(&self) -> ContentSource {
        if let Some(dir) = &self.content {
            return ContentSource::Dir(dir.clone());
        }
        if Path::new(CONTENT_HERE).is_dir() {
            return ContentSource::Dir(PathBuf::from(CONTENT_HERE));
        }
        eprintln!(
            "note: no {CONTENT_HERE} folder here: using the content built into aseic (--content DIR gives a folder)"
        );
        ContentSource::BuiltIn
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _logs = init_logging(cli.log_format);
    match cli.command.unwrap_or_else(|| Command::Serve(Box::new(cli.serve))) {
        Command::Serve(args) => serve(*args),
        Command::Check(args) => check(&args),
        Command::Export(args) => export(&args),
        Command::Schema(args) => write_schemas(&args.out),
        Command::New(args) => new_file(&args),
    }
}

/// Log lines waiting to be written: a fraction of a second of access log at
/// full load. The queue takes its room at start (`bench/RESULTS.md` has
/// the size), so it is far below the crate's default.
const LOG_LINES_WAITING: usize = 32_768;

/// Log lines go to standard error, as text or as JSON objects; a request's
/// lines carry its id. They are written by a thread of their own, so a slow
/// reader of standard error (a busy journald, a full pipe) never holds up a
/// request: when `LOG_LINES_WAITING` lines wait, new ones are dropped. Keep
/// the guard until the end; dropping it writes what is left.
fn init_logging(format: LogFormat) -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_LINES_WAITING)
        .lossy(true)
        .finish(std::io::stderr());
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
    }
    guard
}

fn export(args: &ExportArgs) -> ExitCode {
    let sites = match load_checked(&args.content.source_here(), false) {
        Ok(checked) => checked.into_sites(),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    let assets = Assets::embedded();
    let written = render_site(&sites, &assets, None)
        .map_err(anyhow::Error::from)
        .and_then(|pages| write_export(&pages, &sites[0].languages, &assets, &args.out));
    match written {
        Ok(exported) => {
            let removed = match exported.removed {
                0 => String::new(),
                1 => ", and 1 file of the earlier export removed".to_owned(),
                n => format!(", and {n} files of the earlier export removed"),
            };
            println!("{} files written to {}{removed}", exported.written, args.out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn write_schemas(out: &std::path::Path) -> ExitCode {
    let written = std::fs::create_dir_all(out.join(schema::TRANSLATION_FOLDER)).and_then(|()| {
        for described in schema::schemas() {
            std::fs::write(out.join(described.name), schema::text(&described.schema))?;
        }
        Ok(())
    });
    match written {
        Ok(()) => {
            for described in schema::schemas() {
                println!("{} ({})", out.join(described.name).display(), described.files);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: writing the schemas into {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// Today on the site: in the `time_zone` of `content`'s `site.toml`, or in
/// UTC while the content does not load.
fn site_today(content: &Path) -> Date {
    load(&ContentSource::Dir(content.to_path_buf())).map_or_else(|_| Date::today(), |site| site.time_zone.today())
}

fn new_file(command: &NewArgs) -> ExitCode {
    let today = site_today(&command.content);
    let written = match &command.what {
        NewCommand::Page { path } => scaffold::new_page(&command.content, path, today),
        NewCommand::News { title } => scaffold::new_news(&command.content, title, today),
    };
    match written {
        Ok(file) => {
            println!("{}", file.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let loaded = if args.preview {
        AppState::preview(args.content.source_here())
    } else {
        AppState::load_with(args.content.source(), false)
    };
    if args.preview
        && let Ok(state) = &loaded
        && let Some(problems) = state.problems.load().as_ref()
    {
        eprintln!("{problems}");
        eprintln!("the preview starts with the built-in content behind these problems; fix them, save, and it reloads");
    }
    let state = match loaded {
        Ok(state) => state,
        Err(error) => return refuse_to_start(&error),
    };
    match aseic::server::run(args.options(), state) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            if let Some(hint) = busy_address_hint(&error, &args) {
                eprintln!("  = help: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

/// When an address to listen on is taken by another program, which flag
/// and variable choose another, with an example.
fn busy_address_hint(error: &anyhow::Error, args: &ServeArgs) -> Option<String> {
    let busy = error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse)
    });
    if !busy {
        return None;
    }
    let (flag, variable, taken) = match error.to_string() {
        top if top.contains("for the metrics") => ("--metrics-addr", "ASEIC_METRICS_ADDR", args.metrics_addr?),
        top if top.contains("for the redirect") => ("--http-redirect", "ASEIC_HTTP_REDIRECT", args.http_redirect?),
        _ => ("--addr", "ASEIC_ADDR", args.addr),
    };
    let mut other = taken;
    other.set_port(taken.port().checked_add(1).unwrap_or(8081));
    Some(format!(
        "another program is listening on {taken} (perhaps another aseic); stop it, or choose another address \
         with {flag} or {variable}, such as `aseic {flag} {other}` or `{variable}={other} aseic`"
    ))
}

fn refuse_to_start(error: &LoadError) -> ExitCode {
    eprintln!("{error}");
    eprintln!("error: the site was not started: fix the content and start it again");
    ExitCode::FAILURE
}

/// `check --links`'s status when no link could be reached (the network is
/// down here): neither "all fine" (0) nor "broken links" (1).
const LINKS_NOT_CHECKED: u8 = 3;

fn check(args: &CheckArgs) -> ExitCode {
    let checked = match load_checked(&args.content.source_here(), false) {
        Ok(checked) => checked,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            if args.links {
                eprintln!("links not checked: the content has problems; fix them, then check the links");
            }
            return ExitCode::FAILURE;
        }
    };
    let site = &checked.site;
    let drafts = checked.drafts;
    // Drafts are named only when there are some.
    let counts = [
        Some(count(FILES.len(), "file", "files")),
        Some(count(site.pages.len(), "page", "pages")),
        (drafts.pages > 0).then(|| count(drafts.pages, "draft page", "draft pages")),
        Some(count(site.news.len(), "news item", "news items")),
        (drafts.news > 0).then(|| count(drafts.news, "draft news item", "draft news items")),
        Some(count(site.asem.summits.len(), "summit", "summits")),
        Some(count(site.partners.len(), "partner", "partners")),
        Some(count(site.organisation_count(), "organisation", "organisations")),
    ];
    println!("{}: OK", counts.into_iter().flatten().collect::<Vec<_>>().join(", "));
    report_draft_problems(&checked.draft_problems);
    let stale = stale_sources(&checked, site.time_zone.today());
    report_stale(&stale, site.stale_after_months, args.stale);
    for warning in &site.warnings {
        eprintln!("warning: {warning}");
    }
    report_translations(&checked.translations, args.translations);
    if !args.links {
        return ExitCode::SUCCESS;
    }
    let report = link_check::check(checked.links, Duration::from_secs(args.link_timeout));
    if let Some(why) = report.offline() {
        eprintln!(
            "links not checked: none of the {} links out of the site could be reached ({why}); \
             is this machine offline? Run `check --links` again where the web can be reached",
            report.links.len()
        );
        return ExitCode::from(LINKS_NOT_CHECKED);
    }
    for line in report.lines() {
        eprintln!("{line}");
    }
    let (broken, moved) = (report.broken(), report.moved());
    println!("{} links out of the site checked: {broken} broken, {moved} moved for good", report.links.len());
    if broken > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The drafts' problems, after the "OK" they do not change: each keeps its
/// draft out of the site until it is fixed.
fn report_draft_problems(problems: &[aseic::content::Diagnostic]) {
    if problems.is_empty() {
        return;
    }
    for problem in problems {
        eprintln!("{problem}\n");
    }
    let files: std::collections::BTreeSet<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    eprintln!(
        "{} in drafts ({}): only drafts have problems, so the site is fine; each draft stays out until it is fixed",
        count(problems.len(), "problem", "problems"),
        files.into_iter().collect::<Vec<_>>().join(", ")
    );
}

/// What each translation lacks: with `list`, how much of it is done and
/// every text missing, on standard output; otherwise a warning for each
/// text missing. Never a failure: the pages show the default language's
/// text meanwhile.
fn report_translations(translations: &[Translated], list: bool) {
    for translated in translations {
        let language = &translated.site.language;
        if list {
            let done = translated.texts - translated.missing.len();
            let share = (done * 100).checked_div(translated.texts).unwrap_or(100);
            println!(
                "{} ({}): {done} of {} texts translated ({share}%), {} missing",
                language.tag,
                language.name,
                translated.texts,
                translated.missing.len()
            );
            for missing in &translated.missing {
                println!("  {missing}");
            }
        } else {
            for missing in &translated.missing {
                eprintln!("warning: {missing}");
            }
        }
    }
}

/// "1 page", "2 pages".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The sources due for checking on `today`, oldest first.
fn stale_sources(checked: &Checked, today: Date) -> Vec<&CitedSource> {
    let months = checked.site.stale_after_months;
    let mut stale: Vec<&CitedSource> =
        checked.sources.iter().filter(|cited| cited.source.checked.months_later(months) < today).collect();
    stale.sort_by_key(|cited| (cited.source.checked, cited.file.clone(), cited.line));
    stale
}

/// A warning that never fails the check: one line for the count, and with
/// `--stale`, one line per source at the place its date is written.
fn report_stale(stale: &[&CitedSource], months: u32, list: bool) {
    if stale.is_empty() {
        if list {
            println!("no source is older than {months} months");
        }
        return;
    }
    let count = stale.len();
    let sources = if count == 1 { "source was" } else { "sources were" };
    eprintln!("warning: {count} {sources} last checked more than {months} months ago");
    if !list {
        eprintln!("  = help: run `aseic check --stale` to list them, oldest first");
        return;
    }
    for cited in stale {
        let source = &cited.source;
        let address = source.url.as_deref().map(|url| format!(" <{url}>")).unwrap_or_default();
        println!(
            "{}:{}:{}: checked {}: {}{address}",
            cited.file,
            cited.line,
            cited.column,
            source.checked.iso(),
            source.title
        );
    }
    eprintln!("  = help: confirm each source, then write today's date in its `checked`");
}
