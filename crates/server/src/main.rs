//! `prequal-server`: see `--help`.

use prequal_server::settings::{process_env, Settings};
use prequal_server::{clock, crypto, AppState};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
prequal-server — the reference MFO intake API (contract.md, \"Intake API\")

USAGE:
  prequal-server [--config FILE]     run with a settings file (TOML, or JSON by extension)
  prequal-server --demo              run the demo: test partner pk_test_demo, SQLite under
                                     $PREQUAL_DATA (default ./data), pages from dist/ and www/
  prequal-server keygen              print a new data key and passport hash key
  prequal-server openapi             print the OpenAPI description (docs/openapi.json)
  prequal-server --help | --version

ENVIRONMENT (overrides the file):
  PREQUAL_LISTEN=ADDR:PORT   PREQUAL_PORT=N (127.0.0.1:N)   PREQUAL_PUBLIC_URL=URL
  PREQUAL_DATABASE_URL=sqlite://PATH | postgres://USER@HOST:PORT/DB
  PREQUAL_DATA=DIR   PREQUAL_STATIC_DIRS=DIR[:DIR…]
  PREQUAL_DATA_KEYS=id:HEX64[,id:HEX64…]   data keys for personal data at rest, active first
  PREQUAL_PASSPORT_HASH_KEY=HEX              the keyed hash for repeat detection
  PREQUAL_OPERATOR_SECRETS=S1[,S2]           the MFO's signing secrets (decisions, erase)
  PREQUAL_LOG=error|warn|info|debug          log level (default info; logs carry ids, never personal data)

SIGTERM or SIGINT stops it gracefully: no new connections, in-flight requests finish.
";

enum Mode {
    Run { config: Option<PathBuf>, demo: bool },
    Keygen,
    OpenApi,
}

fn parse_args(args: &[String]) -> Result<Option<Mode>, String> {
    let mut config = None;
    let mut demo = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!(
                    "prequal-server {} ({})",
                    env!("CARGO_PKG_VERSION"),
                    prequal_rules::verdict::RULES_VERSION
                );
                return Ok(None);
            }
            "--config" => config = Some(PathBuf::from(it.next().ok_or("--config needs a file")?)),
            "--demo" => demo = true,
            "keygen" if args.len() == 1 => return Ok(Some(Mode::Keygen)),
            "openapi" if args.len() == 1 => return Ok(Some(Mode::OpenApi)),
            other => {
                return Err(format!(
                    "unknown argument '{other}' (see prequal-server --help)"
                ))
            }
        }
    }
    if demo && config.is_some() {
        return Err("--demo and --config do not go together".into());
    }
    Ok(Some(Mode::Run { config, demo }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match parse_args(&args) {
        Ok(Some(m)) => m,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prequal-server: {e}");
            return ExitCode::from(2);
        }
    };
    match mode {
        Mode::Keygen => {
            match (
                crypto::Keyring::generate_spec("k1"),
                crypto::random_bytes::<32>(),
            ) {
                (Ok(k), Ok(h)) => {
                    println!("PREQUAL_DATA_KEYS={k}");
                    println!("PREQUAL_PASSPORT_HASH_KEY={}", hex::encode(h));
                    ExitCode::SUCCESS
                }
                _ => {
                    eprintln!("prequal-server: no randomness available");
                    ExitCode::FAILURE
                }
            }
        }
        Mode::OpenApi => {
            print!("{}", prequal_server::openapi::spec_json());
            ExitCode::SUCCESS
        }
        Mode::Run { config, demo } => match run(config, demo) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("prequal-server: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn init_logging() {
    let level = match process_env("PREQUAL_LOG").as_deref() {
        Some("error") => tracing::Level::ERROR,
        Some("warn") => tracing::Level::WARN,
        Some("debug") => tracing::Level::DEBUG,
        Some("trace") => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .init();
}

fn run(config: Option<PathBuf>, demo: bool) -> Result<(), String> {
    init_logging();
    let env = |name: &str| process_env(name);
    let (mut settings, notes) = if demo {
        Settings::demo(&env)?
    } else {
        let s = match &config {
            Some(path) => Settings::from_file(path)?,
            None => Settings::default(),
        };
        (s, Vec::new())
    };
    settings.apply_env(&env);
    let resolved = settings.resolve(&env, clock::moscow_date(clock::now_ms()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&settings.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let backend = if settings.database_url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
        let public = settings.public_url();
        let state = AppState::build(settings, resolved).await?;
        for note in notes {
            println!("{note}");
        }
        println!("prequal-server listening on http://{local} ({backend}); public URL {public}");
        if demo {
            println!("Demo: {public}/   API: {public}/v1/   test partner key: pk_test_demo   (Ctrl+C stops it)");
        }
        prequal_server::run(state, listener, shutdown_signal()).await;
        Ok::<(), String>(())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
