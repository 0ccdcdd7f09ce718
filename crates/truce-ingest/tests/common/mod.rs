//! What the reader tests share: a context, and inputs made on the fly.

#![allow(dead_code)]

use std::io::Read;
use truce_geo::Gazetteer;
use truce_ingest::canonical::{Context, Signers};

pub static NO_SIGNERS: std::sync::LazyLock<Signers> = std::sync::LazyLock::new(Signers::default);

pub fn ctx() -> Context<'static> {
    Context {
        tz: jiff::tz::TimeZone::get("Europe/Kyiv").expect("tz"),
        gazetteer: Gazetteer::embedded().into(),
        signers: &NO_SIGNERS,
    }
}

/// One piece of a [`Lazy`] input.
pub enum Part {
    Bytes(Vec<u8>),
    /// `byte`, `count` times, never held in memory.
    Repeat(u8, u64),
}

/// An input made as it is read, a pipe's worth at a time, so that a test can
/// feed gigabytes without holding them.
pub struct Lazy {
    parts: std::collections::VecDeque<Part>,
    offset: u64,
}

impl Lazy {
    pub fn new(parts: Vec<Part>) -> Lazy {
        Lazy {
            parts: parts.into(),
            offset: 0,
        }
    }
}

impl Read for Lazy {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // At most what a pipe gives at once.
        let buf_len = buf.len().min(1 << 16);
        loop {
            let Some(part) = self.parts.front() else {
                return Ok(0);
            };
            let (len, n) = match part {
                Part::Bytes(b) => {
                    let rest = &b[self.offset as usize..];
                    let n = rest.len().min(buf_len);
                    buf[..n].copy_from_slice(&rest[..n]);
                    (b.len() as u64, n)
                }
                Part::Repeat(byte, count) => {
                    let n = (count - self.offset).min(buf_len as u64) as usize;
                    buf[..n].fill(*byte);
                    (*count, n)
                }
            };
            self.offset += n as u64;
            if self.offset >= len {
                self.parts.pop_front();
                self.offset = 0;
            }
            if n > 0 {
                return Ok(n);
            }
        }
    }
}
