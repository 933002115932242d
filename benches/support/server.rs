//! A keep-alive HTTP/1.1 server on its own thread, on 127.0.0.1, for the benches
//! that call over loopback (`loopback`, `paging`). It answers each request with the
//! body `answer` gives for its path and query, and counts the connections it
//! accepts.

use std::{
    convert::Infallible,
    net::SocketAddr,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;

pub fn serve(
    answer: impl Fn(&str) -> Bytes + Send + Sync + 'static,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let answer = Arc::new(answer);
    let connections = Arc::new(AtomicUsize::new(0));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let address = listener.local_addr().expect("a bound address");
    let counter = Arc::clone(&connections);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                counter.fetch_add(1, Ordering::Relaxed);
                let answer = Arc::clone(&answer);
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                            let target = request.uri().path_and_query().map_or("", |p| p.as_str());
                            let mut response = hyper::Response::new(Full::new(answer(target)));
                            response.headers_mut().insert(
                                "content-type",
                                hyper::header::HeaderValue::from_static("application/json"),
                            );
                            async move { Ok::<_, Infallible>(response) }
                        });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
    });
    (address, connections)
}
