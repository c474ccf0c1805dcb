//! `tandem-sync-server`: parses flags and calls the library (`serve`, `token create|list|revoke`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use tandem_sync_server::{Config, Db, Limits, TokenKind, metadata_path};

/// Tandem's sync server: relays and stores project documents for teams (automerge-repo over
/// WebSocket at /sync), behind tokens and per-project grants.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Start with `tandem-sync-server token create --data DIR --name you`, then `serve`.\n\
See the README for the HTTP API (register a project, invite, join, members, revoke)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sync endpoint and the HTTP API until SIGTERM or Ctrl-C.
    #[command(after_help = "Example:\n  tandem-sync-server serve --listen 127.0.0.1:7878 --data ./server-data")]
    Serve(ServeArgs),
    /// Manage tokens that may register projects.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on. Put a TLS-terminating reverse proxy in front for the internet.
    #[arg(long, default_value = "127.0.0.1:7878", env = "TANDEM_SERVER_LISTEN")]
    listen: SocketAddr,
    /// Data directory: documents/ (automerge-repo layout) and metadata.sqlite. Created if missing.
    #[arg(long, env = "TANDEM_SERVER_DATA")]
    data: PathBuf,
    /// Log format.
    #[arg(long, value_enum, default_value_t = LogFormat::Human)]
    log_format: LogFormat,
    /// Largest WebSocket message accepted, in MiB (bounds the largest project a member can upload).
    #[arg(long, default_value_t = 256)]
    max_message_mib: usize,
    /// Largest WebSocket frame accepted, in MiB. Clients send each message as one frame, so this
    /// bounds the largest upload too.
    #[arg(long, default_value_t = 256)]
    max_frame_mib: usize,
    /// Sustained messages per second per connection.
    #[arg(long, default_value_t = 200)]
    messages_per_second: u32,
    /// Messages per connection allowed in a burst above the sustained rate.
    #[arg(long, default_value_t = 2000)]
    message_burst: u32,
    /// Open connections at once; more are answered 503.
    #[arg(long, default_value_t = 20_000)]
    max_connections: usize,
    /// Seconds a new connection has to send its join message.
    #[arg(long, default_value_t = 10)]
    handshake_timeout_secs: u64,
    /// Seconds of silence after which a connection is closed (the server pings every third of it).
    #[arg(long, default_value_t = 90)]
    idle_timeout_secs: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token that may register projects, and print it (shown once; only its hash is kept).
    #[command(after_help = "Example:\n  tandem-sync-server token create --data ./server-data --name alice")]
    Create {
        #[arg(long, env = "TANDEM_SERVER_DATA")]
        data: PathBuf,
        /// Who the token is for; shown in logs and member lists.
        #[arg(long)]
        name: String,
    },
    /// List tokens (never their secrets).
    List {
        #[arg(long, env = "TANDEM_SERVER_DATA")]
        data: PathBuf,
    },
    /// Revoke a token by id. A running server refuses it on the next connection; to cut open
    /// connections at once, revoke the member through the HTTP API instead.
    Revoke {
        #[arg(long, env = "TANDEM_SERVER_DATA")]
        data: PathBuf,
        id: i64,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::Token(command) => token(command).await,
        }
    })
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,automerge=warn,samod=warn,samod_core=warn,sqlx=warn")
    });
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    match args.log_format {
        LogFormat::Human => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
    if args.max_message_mib == 0 || args.max_frame_mib == 0 || args.idle_timeout_secs < 3 {
        anyhow::bail!("--max-message-mib and --max-frame-mib must be at least 1, --idle-timeout-secs at least 3");
    }
    let limits = Limits {
        max_frame_bytes: args.max_frame_mib << 20,
        max_message_bytes: args.max_message_mib << 20,
        messages_per_second: args.messages_per_second,
        message_burst: args.message_burst,
        max_connections: args.max_connections,
        handshake_timeout: Duration::from_secs(args.handshake_timeout_secs),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs),
        ping_interval: Duration::from_secs(args.idle_timeout_secs / 3),
        ..Limits::default()
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let config = Config { data_dir: args.data, limits };
    tandem_sync_server::run(listener, config, shutdown_signal()).await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: no new connections, closing open ones, flushing storage");
}

async fn open_db(data: &std::path::Path) -> anyhow::Result<Db> {
    std::fs::create_dir_all(data).with_context(|| format!("cannot create the data directory {}", data.display()))?;
    Ok(Db::open(&metadata_path(data)).await?)
}

#[allow(clippy::print_stdout)]
async fn token(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create { data, name } => {
            let name = name.trim();
            if name.is_empty() {
                anyhow::bail!("--name must not be empty: say who the token is for");
            }
            let db = open_db(&data).await?;
            let (id, secret) = db.create_token(name, TokenKind::Admin).await?;
            db.close().await;
            eprintln_note(&format!("token {id} for {name:?} (may register projects); it is shown only once:"));
            println!("{secret}");
        }
        TokenCommand::List { data } => {
            let db = open_db(&data).await?;
            for t in db.list_tokens().await? {
                let state = if t.revoked_at.is_some() { "revoked" } else { "active" };
                println!("{}\t{:?}\t{}\t{}", t.id, t.kind, state, t.name);
            }
            db.close().await;
        }
        TokenCommand::Revoke { data, id } => {
            let db = open_db(&data).await?;
            db.revoke_token(id).await?;
            db.close().await;
            println!("revoked token {id}");
        }
    }
    Ok(())
}

#[allow(clippy::print_stderr)]
fn eprintln_note(note: &str) {
    eprintln!("{note}");
}
