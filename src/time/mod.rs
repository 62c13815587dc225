//! Time: precision-aware dates (parse, format, earliest/latest bounds, BCE), the time↔pixel
//! scale, calendar tick generation, and time zones (`zone`, through chrono-tz). No UI, no I/O.

pub mod civil;
pub mod date;
pub mod scale;
pub mod ticks;
pub mod zone;

pub use date::{Date, DateError, Precision, Qualifier, UtcOffset, describe_window};
pub use scale::{SECONDS_PER_YEAR, TimeRange, TimeScale, TimeWindow, Timestamp};
pub use zone::{Zone, ZoneError};
