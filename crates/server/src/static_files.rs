//! The demo pages: files from the configured directories under `/`, the first directory that
//! has the file wins (`dist/` — Trunk's output, `/prequal.js` included — then `www/`).
//!
//! The embed loader (`/prequal.js`) and the versioned bundle (`/v/…`) are fetched by partner
//! pages on other origins, the bundle with subresource integrity, which needs CORS: they are
//! served to any origin (they hold no data). The versioned files never change, so they are
//! cached for a year; the loader's stable URL only briefly, so a new release reaches pages.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// A fallback handler serving `dirs`; 404 when no directory has the file.
pub fn service(
    dirs: &[PathBuf],
) -> impl Fn(Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>
       + Clone
       + Send
       + Sync
       + 'static {
    let dirs: Arc<Vec<PathBuf>> = Arc::new(dirs.iter().filter(|d| d.is_dir()).cloned().collect());
    move |req: Request| {
        let dirs = dirs.clone();
        Box::pin(async move { serve(&dirs, req).await })
    }
}

async fn serve(dirs: &[PathBuf], req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response();
    }
    let (parts, _) = req.into_parts();
    let path = parts.uri.path();
    let cache = if path.starts_with("/v/") {
        Some("public, max-age=31536000, immutable")
    } else if path == "/prequal.js" {
        Some("public, max-age=300")
    } else {
        None
    };
    for dir in dirs {
        let attempt = Request::from_parts(parts.clone(), Body::empty());
        let Ok(resp) = ServeDir::new(dir).oneshot(attempt).await;
        if resp.status() != StatusCode::NOT_FOUND {
            let mut resp = resp.map(Body::new);
            if let (Some(cache), true) = (cache, resp.status().is_success()) {
                let headers = resp.headers_mut();
                headers.insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            }
            return resp;
        }
    }
    (StatusCode::NOT_FOUND, "not found").into_response()
}
