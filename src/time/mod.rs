//! Time: precision-aware dates (parse, format, earliest/latest bounds, BCE), the time↔pixel
//! scale, and calendar tick generation. No UI, no I/O.

pub mod civil;
pub mod date;
pub mod scale;
pub mod ticks;

pub use date::{Date, DateError, Precision, Qualifier, UtcOffset, describe_window};
pub use scale::{SECONDS_PER_YEAR, TimeRange, TimeScale, TimeWindow, Timestamp};
