//! The `aseic` command: serve the site, or check its content.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use aseic::content::{ContentSource, load};
use aseic::state::{AppState, LoadError};
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

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
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site over HTTP (the default).
    Serve(ServeArgs),
    /// Check the content files and report every problem, without serving.
    Check(ContentArgs),
    /// Write the whole site as static files, for a static host or CDN.
    Export(ExportArgs),
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
struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, env = "ASEIC_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
struct ContentArgs {
    /// A folder of content files to use instead of the content built into the binary.
    #[arg(long, env = "ASEIC_CONTENT", value_name = "DIR")]
    content: Option<PathBuf>,
}

impl ContentArgs {
    fn source(&self) -> ContentSource {
        self.content.clone().map_or(ContentSource::BuiltIn, ContentSource::Dir)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(&args.source()),
        Command::Export(args) => export(&args),
    }
}

fn export(args: &ExportArgs) -> ExitCode {
    let state = match AppState::load(args.content.source()) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match aseic::export::export(&state.current.load().pages, &state.assets, &args.out) {
        Ok(count) => {
            println!("{count} files written to {}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let state = match AppState::load(args.content.source()) {
        Ok(state) => state,
        Err(error) => return refuse_to_start(&error),
    };
    match aseic::server::run(args.addr, state) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn refuse_to_start(error: &LoadError) -> ExitCode {
    eprintln!("{error}");
    eprintln!("error: the site was not started: fix the content and start it again");
    ExitCode::FAILURE
}

fn check(source: &ContentSource) -> ExitCode {
    match load(source) {
        Ok(site) => {
            println!(
                "{} files, {} summits, {} partners, {} organisations: OK",
                aseic::content::FILES.len(),
                site.asem.summits.len(),
                site.partners.len(),
                site.organisation_count()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}
