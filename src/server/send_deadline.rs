//! A time limit on sending: a connection whose writes make no progress for
//! the send time limit (a client that stopped reading, its receive window
//! and the socket's buffer full) fails its next write, and the connection
//! is closed. nginx calls this `send_timeout`.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

pin_project_lite::pin_project! {
    /// `inner`, whose writes fail once they have waited `limit` without a
    /// byte going out.
    pub struct SendDeadline<S> {
        #[pin]
        inner: S,
        limit: Duration,
        // Set when a write first waits; cleared when one makes progress.
        waiting: Option<Pin<Box<Sleep>>>,
    }
}

impl<S> SendDeadline<S> {
    pub fn new(inner: S, limit: Duration) -> Self {
        Self { inner, limit, waiting: None }
    }
}

/// What a write that could not go out in time fails with.
fn timed_out(limit: Duration) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, format!("the client took nothing for {limit:?}"))
}

impl<S: AsyncWrite> SendDeadline<S> {
    /// Passes on what `write` (a write of `inner`) gives, but a wait that
    /// outlasts the limit becomes an error.
    fn watch<T>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        write: impl FnOnce(Pin<&mut S>, &mut Context<'_>) -> Poll<io::Result<T>>,
        progressed: impl FnOnce(&T) -> bool,
    ) -> Poll<io::Result<T>> {
        let this = self.project();
        match write(this.inner, cx) {
            Poll::Pending => {
                let limit = *this.limit;
                let waiting = this.waiting.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                ready!(waiting.as_mut().poll(cx));
                Poll::Ready(Err(timed_out(limit)))
            }
            Poll::Ready(result) => {
                if result.as_ref().is_ok_and(progressed) {
                    *this.waiting = None;
                }
                Poll::Ready(result)
            }
        }
    }
}

impl<S: AsyncWrite> AsyncWrite for SendDeadline<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.watch(cx, |inner, cx| inner.poll_write(cx, buf), |written| *written > 0)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.watch(cx, |inner, cx| inner.poll_write_vectored(cx, bufs), |written| *written > 0)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.watch(cx, |inner, cx| inner.poll_flush(cx), |()| true)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_shutdown(cx)
    }
}

impl<S: AsyncRead> AsyncRead for SendDeadline<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_read(cx, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[tokio::test]
    async fn a_write_that_waits_past_the_limit_fails_and_one_that_moves_does_not() {
        // Real time, short limits: a busy machine may make a wait longer,
        // never shorter, so the first bound is exact and the second generous.
        let limit = Duration::from_millis(300);
        // A pipe of 64 bytes whose far end is never read: the second write waits.
        let (near, mut far) = tokio::io::duplex(64);
        let mut stream = SendDeadline::new(near, limit);
        stream.write_all(&[1; 64]).await.expect("fits");
        let started = tokio::time::Instant::now();
        let error = stream.write_all(&[2; 64]).await.expect_err("times out");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        let waited = started.elapsed();
        assert!(waited >= limit && waited < Duration::from_secs(10), "failed after {waited:?}");

        // A reader taking a byte every 0.6 s keeps a 2 s limit from
        // running out, though the four bytes take longer than 2 s.
        let (near, mut slow) = tokio::io::duplex(1);
        let mut stream = SendDeadline::new(near, Duration::from_secs(2));
        let reading = tokio::spawn(async move {
            let mut byte = [0];
            for _ in 0..4 {
                tokio::time::sleep(Duration::from_millis(600)).await;
                tokio::io::AsyncReadExt::read_exact(&mut slow, &mut byte).await.expect("a byte");
            }
        });
        stream.write_all(&[3; 4]).await.expect("each byte goes in time");
        reading.await.expect("read");
        drop(far.shutdown().await);
    }
}
