//! A layer that answers some requests itself and passes the rest on, with
//! no boxed future: it sits on the path of every request.

use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use tower::{Layer, Service};

/// Wraps a service so that `answer` sees each request first: `Some`
/// response is sent at once, `None` hands the request on.
#[derive(Clone)]
pub struct ShortCircuitLayer<F>(pub F);

impl<F: Clone, S> Layer<S> for ShortCircuitLayer<F> {
    type Service = ShortCircuit<F, S>;

    fn layer(&self, inner: S) -> Self::Service {
        ShortCircuit { answer: self.0.clone(), inner }
    }
}

/// See `ShortCircuitLayer`.
#[derive(Clone)]
pub struct ShortCircuit<F, S> {
    answer: F,
    inner: S,
}

impl<F, S> Service<Request> for ShortCircuit<F, S>
where
    F: Fn(&Request) -> Option<Response>,
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<Ready<Result<Response, S::Error>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match (self.answer)(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}
