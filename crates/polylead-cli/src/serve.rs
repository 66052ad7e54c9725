//! `polylead serve`: the web app and JSON API until Ctrl-C or SIGTERM, then a graceful stop.

use std::net::SocketAddr;

use anyhow::Context;
use polylead_store::Store;

pub async fn run(store: Store, addr: SocketAddr) -> anyhow::Result<()> {
    crate::init_logging();
    let listener = polylead_server::bind(addr).await?;
    let url = listener.local_addr().map(|addr| format!("http://{addr}/")).context("reading the bound address")?;
    println!("polylead is serving {url}  (API: {url}api/v1, stop with Ctrl-C)");
    polylead_server::serve_on(listener, store, shutdown_signal()).await?;
    Ok(())
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
