//! ClickHouse's HTTP interface: a query in the URL, the values it compares with as external
//! tables in the body (so a user's text is data, never SQL), rows back as JSON lines, or, for
//! answers of many rows, streamed as `RowBinary` with each row marked.
//!
//! Server-side query parameters (`{name:Type}`) only arrived in ClickHouse 19; external data
//! works on every version we meet, Debian 12's 18.16 among them, and reaches the shards of a
//! `Distributed` table too.

use std::io::{BufRead, BufReader, Read};
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::query::QueryError;

/// Where a server is and who talks to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl Server {
    /// `host:port`, for messages (never the password).
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// A table of values sent with a query: `name (column Type)` with one value per row.
pub struct ExternalTable<'a> {
    pub name: &'a str,
    /// `column Type`, as ClickHouse writes a structure.
    pub structure: &'a str,
    pub rows: Vec<&'a str>,
}

/// A connection to one server (HTTP keeps it alive between queries).
pub struct Client {
    server: Server,
    agent: ureq::Agent,
}

/// The most a query may run before the server stops it: a view never waits longer.
const MAX_EXECUTION_SECONDS: u32 = 60;

/// The first column of every row of a binary answer ([`Client::query_binary`]): a zero byte.
/// An error the server appends to a streamed answer starts with "Code: ", so the byte where
/// a row would start says which it is.
pub const ROW_MARK: &str = "0 AS row_mark";

/// How the server sends an answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    /// Once it is whole (`wait_end_of_query`), so that an error is a status 500 like any
    /// other: for answers small enough to wait for.
    Whole,
    /// As it is made; its rows carry the [`ROW_MARK`].
    Streamed,
}

impl Client {
    pub fn new(server: Server) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(3)))
            .build();
        Self {
            server,
            agent: config.into(),
        }
    }

    /// Runs `sql` (which ends in `FORMAT JSONEachRow` when it returns rows) with `tables`, and
    /// gives each row of the answer to `row`.
    pub fn query_rows<T: DeserializeOwned>(
        &self,
        sql: &str,
        tables: &[ExternalTable<'_>],
        query_id: Option<&str>,
        mut row: impl FnMut(T) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        let reader = self.send(sql, tables, query_id, None, Delivery::Whole)?;
        for line in BufReader::new(reader).lines() {
            let line = line.map_err(|e| self.unreachable(&e.to_string()))?;
            if line.is_empty() {
                continue;
            }
            let value: T = serde_json::from_str(&line).map_err(|e| {
                QueryError::Other(format!(
                    "{} answered a row Timelanes cannot read ({e}): {}",
                    self.server.address(),
                    crate::model::truncate_chars(&line, 200)
                ))
            })?;
            row(value)?;
        }
        Ok(())
    }

    /// Runs `sql` (which selects [`ROW_MARK`] first and ends in `FORMAT RowBinary`) with
    /// `tables`: its answer, to read with [`RowBinary`]. For answers of a million rows, which
    /// as JSON took most of a second to send and read.
    ///
    /// The answer streams: rows are read while the server still makes the later ones (a wide
    /// window's cells came in 0.11 s so, where waiting for the whole answer first took 0.16
    /// to 0.2 s). A server error after the first rows is then appended to them, under status
    /// 200; [`RowBinary::has_row`] tells it from a row by the mark.
    pub fn query_binary(
        &self,
        sql: &str,
        tables: &[ExternalTable<'_>],
        query_id: Option<&str>,
    ) -> Result<RowBinary, QueryError> {
        debug_assert!(
            sql.trim_start()
                .strip_prefix("SELECT ")
                .is_some_and(|rest| rest.starts_with(ROW_MARK)),
            "a binary answer's rows start with the row mark: {sql}"
        );
        let reader = self.send(sql, tables, query_id, None, Delivery::Streamed)?;
        Ok(RowBinary {
            reader: BufReader::with_capacity(1 << 16, reader),
            server: self.server.address(),
        })
    }

    /// Runs a statement that returns nothing worth reading (DDL, KILL).
    pub fn execute(&self, sql: &str) -> Result<(), QueryError> {
        let mut reader = self.send(sql, &[], None, None, Delivery::Whole)?;
        std::io::copy(&mut reader, &mut std::io::sink())
            .map_err(|e| self.unreachable(&e.to_string()))?;
        Ok(())
    }

    /// Runs `INSERT … FORMAT JSONEachRow` with `rows` (JSON lines) as its data.
    pub fn insert(&self, sql: &str, rows: Vec<u8>) -> Result<(), QueryError> {
        let mut reader = self.send(sql, &[], None, Some(rows), Delivery::Whole)?;
        std::io::copy(&mut reader, &mut std::io::sink())
            .map_err(|e| self.unreachable(&e.to_string()))?;
        Ok(())
    }

    fn unreachable(&self, reason: &str) -> QueryError {
        QueryError::Unreachable {
            server: self.server.address(),
            reason: reason.to_owned(),
        }
    }

    /// Sends one request; a server error becomes [`QueryError::Refused`] with its message.
    fn send(
        &self,
        sql: &str,
        tables: &[ExternalTable<'_>],
        query_id: Option<&str>,
        data: Option<Vec<u8>>,
        delivery: Delivery,
    ) -> Result<Box<dyn Read + Send>, QueryError> {
        let mut url = format!(
            "http://{}/?output_format_json_quote_64bit_integers=0&max_execution_time={MAX_EXECUTION_SECONDS}",
            self.server.address()
        );
        if delivery == Delivery::Whole {
            url.push_str("&wait_end_of_query=1");
        }
        if let Some(id) = query_id {
            url.push_str("&query_id=");
            url.push_str(&percent_encode(id));
        }
        // The query travels in the URL when the body carries data or external tables.
        let body = if let Some(data) = data {
            // An insert into a `Distributed` table is on its shards when it returns.
            url.push_str("&insert_distributed_sync=1&query=");
            url.push_str(&percent_encode(sql));
            (data, None)
        } else if tables.is_empty() {
            (sql.as_bytes().to_vec(), None)
        } else {
            url.push_str("&query=");
            url.push_str(&percent_encode(sql));
            let boundary = format!("timelanes-{:016x}", ahash::RandomState::new().hash_one(sql));
            let mut body = Vec::new();
            for table in tables {
                url.push_str(&format!(
                    "&{name}_structure={structure}&{name}_format=TabSeparated",
                    name = table.name,
                    structure = percent_encode(table.structure)
                ));
                body.extend_from_slice(
                    format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"{0}\"; filename=\"{0}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                        table.name
                    )
                    .as_bytes(),
                );
                for row in &table.rows {
                    body.extend_from_slice(tsv_escape(row).as_bytes());
                    body.push(b'\n');
                }
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
            (
                body,
                Some(format!("multipart/form-data; boundary={boundary}")),
            )
        };
        let mut request = self.agent.post(&url);
        if let Some(content_type) = &body.1 {
            request = request.header("Content-Type", content_type);
        }
        if let Some(user) = &self.server.user {
            request = request.header("X-ClickHouse-User", user);
        }
        if let Some(password) = &self.server.password {
            request = request.header("X-ClickHouse-Key", password);
        }
        let response = request
            .send(&body.0[..])
            .map_err(|e| self.unreachable(&e.to_string()))?;
        let status = response.status();
        let reader = response.into_body().into_reader();
        if !status.is_success() {
            let mut message = String::new();
            let _ = reader.take(64 * 1024).read_to_string(&mut message);
            let server = self.server.address();
            // Unknown user, wrong password, password required (18.16's codes), and the
            // authentication failure of later versions (their status 401 or 403).
            let denied = matches!(status.as_u16(), 401 | 403)
                || matches!(error_code(&message), Some(192 | 193 | 194 | 516));
            let message = server_message(&message);
            return Err(if denied {
                QueryError::Denied { server, message }
            } else {
                QueryError::Refused { server, message }
            });
        }
        Ok(Box::new(reader))
    }
}

/// An answer in ClickHouse's `RowBinary` format, read value by value in the order of the
/// query's columns: integers little-endian, strings as their length (LEB128) then bytes.
pub struct RowBinary {
    reader: BufReader<Box<dyn Read + Send>>,
    server: String,
}

impl RowBinary {
    /// Whether another row follows (the answer ends between rows), its [`ROW_MARK`] read. An
    /// error the server appended after the rows it had sent is that error.
    pub fn has_row(&mut self) -> Result<bool, QueryError> {
        let next = match self.reader.fill_buf() {
            Ok(buffered) => buffered.first().copied(),
            Err(error) => return Err(self.broken(&error)),
        };
        match next {
            None => Ok(false),
            Some(0) => {
                self.reader.consume(1);
                Ok(true)
            }
            Some(_) => {
                let mut body = Vec::new();
                let _ = (&mut self.reader).take(64 * 1024).read_to_end(&mut body);
                Err(QueryError::Refused {
                    server: self.server.clone(),
                    message: server_message(&String::from_utf8_lossy(&body)),
                })
            }
        }
    }

    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], QueryError> {
        let mut bytes = [0; N];
        self.reader
            .read_exact(&mut bytes)
            .map_err(|e| self.broken(&e))?;
        Ok(bytes)
    }

    pub fn u8(&mut self) -> Result<u8, QueryError> {
        Ok(self.bytes::<1>()?[0])
    }

    pub fn i8(&mut self) -> Result<i8, QueryError> {
        Ok(i8::from_le_bytes(self.bytes()?))
    }

    pub fn u32(&mut self) -> Result<u32, QueryError> {
        Ok(u32::from_le_bytes(self.bytes()?))
    }

    pub fn i64(&mut self) -> Result<i64, QueryError> {
        Ok(i64::from_le_bytes(self.bytes()?))
    }

    /// The length of a string or an array that follows (LEB128).
    pub fn length(&mut self) -> Result<u64, QueryError> {
        let mut length: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            length |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
        }
        Ok(length)
    }

    /// A string into `into` (cleared first), so a reader of a million rows reuses one buffer.
    pub fn string(&mut self, into: &mut String) -> Result<(), QueryError> {
        let length = self.length()?;
        let mut bytes = std::mem::take(into).into_bytes();
        bytes.clear();
        bytes.resize(length as usize, 0);
        self.reader
            .read_exact(&mut bytes)
            .map_err(|e| self.broken(&e))?;
        *into = String::from_utf8(bytes).map_err(|_| {
            QueryError::Other(format!(
                "{} answered a string that is not UTF-8",
                self.server
            ))
        })?;
        Ok(())
    }

    fn broken(&self, error: &std::io::Error) -> QueryError {
        QueryError::Unreachable {
            server: self.server.clone(),
            reason: format!("its answer broke off ({error})"),
        }
    }
}

/// The readable part of a server's error: "Table db.t doesn't exist." out of
/// "Code: 60, e.displayText() = DB::Exception: Table db.t doesn't exist., e.what() = …".
pub fn server_message(body: &str) -> String {
    let body = body.trim();
    let text = body
        .split_once("DB::Exception: ")
        .map_or(body, |(_, rest)| rest);
    let text = text.split(", e.what()").next().unwrap_or(text);
    let code = error_code(body)
        .map(|c| format!(" (code {c})"))
        .unwrap_or_default();
    format!("{}{code}", text.trim())
}

/// The error code of a server's error body, if it has one.
pub fn error_code(body: &str) -> Option<u32> {
    let rest = body.trim().strip_prefix("Code: ")?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// A value in ClickHouse's TabSeparated escaping.
pub fn tsv_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out
}

/// What a URL's query may hold as it is: letters, digits and `-_.~`.
const URL_QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `text` as a URL's query may carry it.
pub fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, URL_QUERY).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_binary_answer_is_read_value_by_value() {
        let long = "é".repeat(100);
        let mut bytes = vec![0];
        bytes.extend_from_slice(&(-3i8).to_le_bytes());
        bytes.extend_from_slice(&4_000_000_000u32.to_le_bytes());
        bytes.extend_from_slice(&1_431_431_640i64.to_le_bytes());
        // 200 bytes: a length of two LEB128 bytes.
        bytes.extend_from_slice(&[0xc8, 0x01]);
        bytes.extend_from_slice(long.as_bytes());
        bytes.push(1);
        bytes.push(0);
        let mut answer = RowBinary {
            reader: BufReader::new(Box::new(std::io::Cursor::new(bytes))),
            server: "test".to_owned(),
        };
        let mut text = String::from("left over");
        assert!(answer.has_row().expect("reads"));
        assert_eq!(answer.i8().expect("an Int8"), -3);
        assert_eq!(answer.u32().expect("a UInt32"), 4_000_000_000);
        assert_eq!(answer.i64().expect("an Int64"), 1_431_431_640);
        answer.string(&mut text).expect("a String");
        assert_eq!(text, long);
        assert_eq!(answer.u8().expect("a UInt8"), 1);
        answer.string(&mut text).expect("an empty String");
        assert_eq!(text, "");
        assert!(!answer.has_row().expect("reads"), "the answer ends");
        assert!(
            matches!(answer.i64(), Err(QueryError::Unreachable { .. })),
            "a row cut short is said"
        );
    }

    #[test]
    fn an_error_the_server_appends_after_some_rows_is_that_error() {
        let mut bytes = vec![0, 7, 0, 8];
        bytes.extend_from_slice(b"Code: 159, e.displayText() = DB::Exception: Timeout exceeded: elapsed 60.0 seconds, maximum: 60, e.what() = DB::Exception\n");
        let mut answer = RowBinary {
            reader: BufReader::new(Box::new(std::io::Cursor::new(bytes))),
            server: "test".to_owned(),
        };
        for value in [7, 8] {
            assert!(answer.has_row().expect("a row"));
            assert_eq!(answer.u8().expect("a UInt8"), value);
        }
        match answer.has_row() {
            Err(QueryError::Refused { message, .. }) => assert_eq!(
                message,
                "Timeout exceeded: elapsed 60.0 seconds, maximum: 60 (code 159)"
            ),
            other => panic!("the error, not {other:?}"),
        }
    }

    #[test]
    fn a_server_error_is_cut_to_what_it_says() {
        let body = "Code: 60, e.displayText() = DB::Exception: Table db.t doesn't exist., e.what() = DB::Exception\n";
        assert_eq!(server_message(body), "Table db.t doesn't exist. (code 60)");
        assert_eq!(error_code(body), Some(60));
        assert_eq!(server_message("plain"), "plain");
    }

    #[test]
    fn values_are_escaped_for_tab_separated_rows() {
        assert_eq!(tsv_escape("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
        assert_eq!(percent_encode("a b&c=ü"), "a%20b%26c%3D%C3%BC");
    }
}
